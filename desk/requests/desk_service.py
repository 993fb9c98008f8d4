"""The whole desk log in one object, for callers that use several of its use cases at once (the
dashboards, the demo, the content guard of the desk pages). It adds nothing: each use case is its own
service (intake, workflow, callbacks, lists), and new code should ask for the one it needs."""

from __future__ import annotations

from desk.requests.callback_service import RequestCallbacks
from desk.requests.intake_service import RequestIntake
from desk.requests.list_service import RequestLists
from desk.requests.workflow_service import RequestWorkflow


class DeskService(RequestIntake, RequestWorkflow, RequestCallbacks, RequestLists):
    pass
