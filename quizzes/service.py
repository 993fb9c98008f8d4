"""Quizzes: attempts with a recorded draw, answers saved as given, a server-side time limit, grading,
certificates and recertification, spaced practice (FSRS), the phone drill and the managers' overview.

`QuizService(sessions, clock)` is what the pages and the composition root use; each use case is its own
module (taking a quiz, certificates, spaced practice and the drill, overviews) over a shared base.
"""

from __future__ import annotations

from quizzes.service_attempts import AttemptsService
from quizzes.service_base import (
    ACTIVE,
    FINISHED,
    IN_PROGRESS,
    RECERTIFY,
    SUBMITTED,
    SUPERSEDED,
    TIMED_OUT,
    ContentState,
)
from quizzes.service_certification import CertificationService
from quizzes.service_overview import OverviewService
from quizzes.service_practice import PracticeService


class QuizService(OverviewService, PracticeService, CertificationService, AttemptsService):
    """Every use case of the quizzes, for one session factory and clock."""


__all__ = [
    "ACTIVE",
    "FINISHED",
    "IN_PROGRESS",
    "RECERTIFY",
    "SUBMITTED",
    "SUPERSEDED",
    "TIMED_OUT",
    "ContentState",
    "QuizService",
]
