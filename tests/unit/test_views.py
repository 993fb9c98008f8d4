"""core.views.view_of: a view's fields come from the record unless given."""

from dataclasses import dataclass
from types import SimpleNamespace

import pytest

from core.views import view_of


@dataclass(frozen=True)
class Shown:
    id: int
    name: str
    label: str


def test_fields_not_given_are_copied_from_the_record() -> None:
    record = SimpleNamespace(id=3, name="Li", label="old", other="unused")
    assert view_of(Shown, record, label="new") == Shown(3, "Li", "new")


def test_a_field_the_view_does_not_have_is_refused() -> None:
    with pytest.raises(TypeError, match="nope"):
        view_of(Shown, SimpleNamespace(id=1, name="a", label="b"), nope=1)


def test_a_field_the_record_lacks_is_an_error() -> None:
    with pytest.raises(AttributeError):
        view_of(Shown, SimpleNamespace(id=1, name="a"))
