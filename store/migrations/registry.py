"""Every domain's tables, gathered so Base.metadata knows them all (for Alembic and schema tests).

The one place under store/ that imports domain packages: migrations must see the whole schema.
"""

from accounts import tables as accounts_tables  # noqa: F401
from checklists import tables as checklist_tables  # noqa: F401
from checklists.audits import tables as audit_tables  # noqa: F401
from checklists.calls import tables as call_tables  # noqa: F401
from desk.attachments import tables as attachment_tables  # noqa: F401
from desk.owners import tables as owner_tables  # noqa: F401
from desk.registers import tables as register_tables  # noqa: F401
from desk.renovation import tables as renovation_tables  # noqa: F401
from desk.requests import tables as request_tables  # noqa: F401
from desk.special import tables as special_tables  # noqa: F401
from quizzes import assignment_tables  # noqa: F401
from quizzes import tables as quiz_tables  # noqa: F401
from store import tables as store_tables  # noqa: F401
from store.base import Base

metadata = Base.metadata
