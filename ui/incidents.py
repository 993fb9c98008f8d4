"""An unexpected error never shows its traceback to a desk worker: they get a short message with an
incident id, and the server log has the whole trace under the same id."""

from __future__ import annotations

import logging
import secrets

LOG = logging.getLogger("frontdesk.incidents")


def report(exc: BaseException) -> str:
    """Log the exception with its traceback under a new incident id, and return the id."""
    incident = secrets.token_hex(4).upper()
    LOG.error("incident %s: %s", incident, exc, exc_info=(type(exc), exc, exc.__traceback__))
    return incident
