"""Imports every domain's tables so Base.metadata knows them all (for Alembic and schema tests)."""

from checklists import tables as checklist_tables  # noqa: F401
from desk import register_tables  # noqa: F401
from desk import renovation_tables as renovation_register_tables  # noqa: F401
from desk import tables as desk_tables  # noqa: F401
from quizzes import tables as quiz_tables  # noqa: F401
from store import tables as store_tables  # noqa: F401
from store.base import Base

metadata = Base.metadata
