"""Editing an owner's phone without seeing it: what the record keeps."""

import pytest

from core.errors import ValidationFailed
from desk.phone import phone_after_edit

FULL = "13812345678"


def test_leaving_the_phone_empty_keeps_the_number():
    assert phone_after_edit(FULL, "") == FULL
    assert phone_after_edit(FULL, "   ") == FULL


def test_a_new_number_replaces_the_old_one_and_is_cleaned():
    assert phone_after_edit(FULL, "137 0000 0000") == "13700000000"


def test_the_numbers_own_mask_typed_back_keeps_the_number_and_is_never_saved():
    assert phone_after_edit(FULL, "138****5678") == FULL


def test_any_other_masked_text_is_refused_rather_than_saved():
    with pytest.raises(ValidationFailed) as refused:
        phone_after_edit(FULL, "139****5678", field="contact_phone")
    assert (refused.value.key, refused.value.field) == ("desk.error.phone_masked", "contact_phone")
    with pytest.raises(ValidationFailed):
        phone_after_edit("", "138****5678")


def test_removing_the_phone_is_a_deliberate_choice():
    assert phone_after_edit(FULL, "", clear=True) == ""
    with pytest.raises(ValidationFailed) as refused:
        phone_after_edit(FULL, "13700000000", clear=True)
    assert refused.value.key == "desk.error.phone_clear_or_new"


def test_a_bad_new_number_is_refused_with_its_field():
    with pytest.raises(ValidationFailed) as refused:
        phone_after_edit(FULL, "12345", field="contact_phone")
    assert (refused.value.key, refused.value.field) == ("desk.error.phone_invalid", "contact_phone")
