"""The HTTP routes that set and clear the HttpOnly login cookie."""

import pytest
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.applications import Starlette
from starlette.testclient import TestClient

import web_routes
from accounts.login_sessions import COOKIE_NAME, LoginSessions
from tests.integration.helpers import first_manager


@pytest.fixture
def client(services, monkeypatch):
    monkeypatch.setattr(web_routes, "_services", lambda: services)
    return TestClient(Starlette(routes=web_routes.ROUTES), base_url="http://127.0.0.1")


def test_a_valid_handoff_code_sets_an_httponly_cookie(services, client):
    manager = first_manager(services)
    session_id, code = services.login_sessions.start(manager.user_id)
    response = client.post("/api/session", json={"code": code})
    assert response.status_code == 200
    header = response.headers["set-cookie"]
    assert header.startswith(f"{COOKIE_NAME}=")
    assert "HttpOnly" in header
    assert "SameSite=strict" in header
    assert "Max-Age=43200" in header
    token = response.cookies[COOKIE_NAME]
    assert services.login_sessions.user_for_token(token) == (session_id, manager.user_id)


@pytest.mark.parametrize(
    ("body", "status"),
    [(b"not json", 400), (b"{}", 400), (b'{"code": 5}', 400), (b'{"code": "made-up"}', 403)],
)
def test_bad_handoff_requests_get_no_cookie(services, client, body, status):
    response = client.post("/api/session", content=body)
    assert response.status_code == status
    assert "set-cookie" not in response.headers


def test_logout_route_revokes_the_token_and_clears_the_cookie(services, client):
    manager = first_manager(services)
    _, code = services.login_sessions.start(manager.user_id)
    token = client.post("/api/session", json={"code": code}).cookies[COOKIE_NAME]
    response = client.post("/api/logout")
    assert response.status_code == 200
    assert f'{COOKIE_NAME}=""' in response.headers["set-cookie"]
    assert services.login_sessions.user_for_token(token) is None


@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://127.0.0.1.evil.example"])
def test_a_login_posted_from_another_sites_page_is_refused(services, client, origin):
    manager = first_manager(services)
    _, code = services.login_sessions.start(manager.user_id)
    response = client.post("/api/session", json={"code": code}, headers={"Origin": origin})
    assert response.status_code == 403
    assert "set-cookie" not in response.headers


@pytest.mark.parametrize("origin", ["http://127.0.0.1", "https://127.0.0.1"])
def test_a_login_posted_from_our_own_page_sets_the_cookie(services, client, origin):
    manager = first_manager(services)
    _, code = services.login_sessions.start(manager.user_id)
    response = client.post("/api/session", json={"code": code}, headers={"Origin": origin})
    assert response.status_code == 200
    assert COOKIE_NAME in response.cookies


def test_a_busy_database_answers_503_and_the_same_code_works_when_posted_again(services, client, monkeypatch):
    manager = first_manager(services)
    _, code = services.login_sessions.start(manager.user_id)

    def every_connection_in_use(self, code):  # type: ignore[no-untyped-def]
        raise PoolTimeout("QueuePool limit of size 10 overflow 40 reached, connection timed out")

    with monkeypatch.context() as busy:
        busy.setattr(LoginSessions, "redeem", every_connection_in_use)
        response = client.post("/api/session", json={"code": code})
    assert (response.status_code, response.json()) == (503, {"error": "error.busy"})
    assert "set-cookie" not in response.headers
    assert client.post("/api/session", json={"code": code}).status_code == 200
