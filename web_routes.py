"""HTTP routes beside the Streamlit app: the login cookie is set and cleared here, HttpOnly."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from accounts.login_sessions import COOKIE_NAME, SESSION_LIFETIME
from core.errors import TryAgain
from services import Services, shared_services
from store.db import database_url


def _services() -> Services:
    return shared_services(database_url())


def _foreign_origin(request: Request) -> bool:
    """A browser names the page that sent a POST in Origin. Another site's page posting its own
    code here would log this browser in as the attacker (login CSRF), so only our own pages may.
    No Origin at all is not a browser's cross-site request (browsers always send it then)."""
    origin = request.headers.get("origin")
    if origin is None:
        return False
    host = request.headers.get("host", "")
    # The host, not the scheme: behind a TLS proxy the browser says https and we see http.
    return origin == "null" or urlsplit(origin).netloc.lower() != host.lower()


async def create_session(request: Request) -> Response:
    """Swap the page's one-time code for the login cookie."""
    if _foreign_origin(request):
        return JSONResponse({"error": "cross-site request refused"}, status_code=403)
    try:
        payload = json.loads(await request.body() or b"{}")
    except json.JSONDecodeError:
        return JSONResponse({"error": 'body must be JSON: {"code": "..."}'}, status_code=400)
    code = payload.get("code") if isinstance(payload, dict) else None
    if not isinstance(code, str) or not code:
        return JSONResponse({"error": "missing code"}, status_code=400)
    # Database work runs off the event loop, which also serves every page's websocket.
    try:
        issued = await run_in_threadpool(_services().login_sessions.redeem, code)
    except TryAgain as exc:  # the database is busy: the page may post the same code again
        return JSONResponse({"error": exc.key}, status_code=503)
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
    if _foreign_origin(request):
        return JSONResponse({"error": "cross-site request refused"}, status_code=403)
    token = request.cookies.get(COOKIE_NAME)
    if token:
        try:
            await run_in_threadpool(_services().login_sessions.revoke_token, token)
        except TryAgain as exc:  # the cookie stays until the logout is posted again
            return JSONResponse({"error": exc.key}, status_code=503)
    response = JSONResponse({"ok": True})
    response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="strict")
    return response


ROUTES = [
    Route("/api/session", create_session, methods=["POST"]),
    Route("/api/logout", end_session, methods=["POST"]),
]
