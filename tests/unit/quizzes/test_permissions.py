"""Everyone takes quizzes; only managers read everybody's training records."""

import pytest

from core.roles import Permission, Role, can


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.DEPARTMENT])
def test_every_service_centre_role_takes_quizzes(role):
    assert can(role, Permission.TAKE_QUIZZES)


@pytest.mark.parametrize(
    ("role", "allowed"), [(Role.TRAINEE, False), (Role.STAFF, False), (Role.MANAGER, True)]
)
def test_only_managers_read_the_training_overview(role, allowed):
    assert can(role, Permission.READ_TRAINING) is allowed
