"""HTTP routes beside the Streamlit app: the login cookie is set and cleared here, HttpOnly."""

from __future__ import annotations

import json

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from accounts.login_sessions import COOKIE_NAME, SESSION_LIFETIME
from services import Services, shared_services
from store.db import database_url


def _services() -> Services:
    return shared_services(database_url())


async def create_session(request: Request) -> Response:
    """Swap the page's one-time code for the login cookie."""
    try:
        payload = json.loads(await request.body() or b"{}")
    except json.JSONDecodeError:
        return JSONResponse({"error": 'body must be JSON: {"code": "..."}'}, status_code=400)
    code = payload.get("code") if isinstance(payload, dict) else None
    if not isinstance(code, str) or not code:
        return JSONResponse({"error": "missing code"}, status_code=400)
    # Database work runs off the event loop, which also serves every page's websocket.
    issued = await run_in_threadpool(_services().login_sessions.redeem, code)
    if issued is None:
        return JSONResponse({"error": "code unknown, used or expired"}, status_code=403)
    response = JSONResponse({"ok": True})
    response.set_cookie(
        COOKIE_NAME,
        issued.token,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


async def end_session(request: Request) -> Response:
    token = request.cookies.get(COOKIE_NAME)
    if token:
        await run_in_threadpool(_services().login_sessions.revoke_token, token)
    response = JSONResponse({"ok": True})
    response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="strict")
    return response


ROUTES = [
    Route("/api/session", create_session, methods=["POST"]),
    Route("/api/logout", end_session, methods=["POST"]),
]
