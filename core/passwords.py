"""Password policy and argon2id hashing (argon2-cffi's defaults are argon2id, RFC 9106 low-memory profile)."""

from __future__ import annotations

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from core.errors import ValidationFailed

MIN_LENGTH = 8
MAX_LENGTH = 256  # bounds hashing cost; nobody types more at a front desk

# argon2id, 3 passes over 64 MiB, 4 lanes: RFC 9106's recommendation where memory is scarce.
PARAMETERS = profiles.RFC_9106_LOW_MEMORY
_hasher = PasswordHasher.from_parameters(PARAMETERS)


def check_policy(password: str, field: str = "password") -> None:
    if not password:
        raise ValidationFailed("error.password_empty", field=field)
    if len(password) < MIN_LENGTH:
        raise ValidationFailed("error.password_too_short", field=field, min=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        raise ValidationFailed("error.password_too_long", field=field, max=MAX_LENGTH)
    if password.strip() != password:
        raise ValidationFailed("error.password_spaces", field=field)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """True when `password` matches. A corrupt stored hash is an error, not a silent False."""
    try:
        return _hasher.verify(stored_hash, password)
    except VerifyMismatchError:
        return False
    except (InvalidHashError, VerificationError) as exc:
        raise ValueError("stored password hash is not a valid argon2 hash") from exc


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)
