import pytest
from argon2 import PasswordHasher, Type

from core import passwords
from core.errors import ValidationFailed


@pytest.mark.parametrize(
    ("password", "key"),
    [
        ("", "error.password_empty"),
        ("short7!", "error.password_too_short"),
        (" padded-password", "error.password_spaces"),
        ("x" * 257, "error.password_too_long"),
    ],
)
def test_password_policy_refuses_with_a_clear_reason(password, key):
    with pytest.raises(ValidationFailed) as err:
        passwords.check_policy(password)
    assert err.value.key == key
    assert err.value.field == "password"


def test_eight_characters_are_enough():
    passwords.check_policy("12345678")


def test_passwords_are_stored_as_argon2id_hashes():
    stored = passwords.hash_password("correct-horse-1")
    assert stored.startswith("$argon2id$")
    assert "correct-horse-1" not in stored
    assert passwords.verify_password(stored, "correct-horse-1")
    assert not passwords.verify_password(stored, "correct-horse-2")


def test_the_app_hashes_with_argon2id_over_64_mib_in_three_passes():
    # Tests run on a cheaper hasher (tests/conftest.py); what the app ships is this.
    assert passwords.PARAMETERS.type is Type.ID
    assert passwords.PARAMETERS.memory_cost >= 64 * 1024
    assert passwords.PARAMETERS.time_cost >= 3
    shipped = PasswordHasher.from_parameters(passwords.PARAMETERS).hash("correct-horse-1")
    assert shipped.startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_a_corrupt_stored_hash_is_an_error_not_a_silent_mismatch():
    with pytest.raises(ValueError):
        passwords.verify_password("not-a-hash", "whatever1")
