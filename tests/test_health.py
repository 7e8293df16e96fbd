"""The load balancer's checks: live without the database, ready only when it answers."""
from __future__ import annotations

from portal import create_app


def test_live_and_ready_answer_ok_without_a_cookie(client):
    for path in ("/healthz/live", "/healthz/ready"):
        response = client.get(path)
        assert (response.status_code, response.get_data(as_text=True)) == (200, "ok\n")
        assert "Set-Cookie" not in response.headers


def test_ready_is_a_plain_503_when_the_database_cannot_be_reached():
    app = create_app({"SQLALCHEMY_DATABASE_URI":
                      "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1"})
    client = app.test_client()
    assert client.get("/healthz/live").status_code == 200
    response = client.get("/healthz/ready")
    assert response.status_code == 503
    assert response.get_data(as_text=True) == "database not reachable\n"


def test_every_page_is_a_plain_503_while_the_database_is_down():
    """Access control needs the database too: while it is down nobody gets a page that needs
    it, signed in or not, and nothing says more than "try again"."""
    app = create_app({"SQLALCHEMY_DATABASE_URI":
                      "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1"})
    client = app.test_client()
    with client.session_transaction() as cookie:
        cookie["_user_id"] = "a-session-token-the-server-cannot-check"
    for path in ("/cases", "/cases/1", "/staff/", "/staff/cases/1", "/account"):
        response = client.get(path)
        assert response.status_code == 503, path
        assert response.headers["Retry-After"] == "30"
        text = response.get_data(as_text=True)
        assert "Sorry, there is a problem with the service" in text
        assert "Traceback" not in text and "psycopg" not in text
    welsh = client.get("/cases?lang=cy")
    assert welsh.status_code == 503 and 'lang="cy"' in welsh.get_data(as_text=True)
