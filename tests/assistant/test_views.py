"""Dashboard routes: chat, stream, analytics, action inbox, memory — with two-tenant isolation."""

import json

import pytest
from django.core import mail
from django.db import connection

from assistant.models import AssistantAction, AssistantMemory, AssistantMessage, AssistantSession
from tests.assistant.helpers import product
from tests.conftest import host


@pytest.fixture
def owner_client_b(tenant_b, client_factory):
    from accounts.services import owner_create

    owner_create(account=tenant_b, email="owner@beta.test", password="correct-horse-9")
    client = client_factory()
    client.defaults["HTTP_HOST"] = host(tenant_b)
    assert (
        client.post("/login/", {"username": "owner@beta.test", "password": "correct-horse-9"}).status_code
        == 302
    )
    connection.set_schema_to_public()
    return client


@pytest.fixture
def client_factory():
    from django.test import Client

    return Client


def _in_a(tenant_a, in_tenant, fn):
    with in_tenant(tenant_a):
        return fn()


def _stream_events(response) -> list[tuple[str, dict]]:
    body = b"".join(response.streaming_content).decode()
    events = []
    for block in body.split("\n\n"):
        lines = dict(
            line.split(": ", 1) for line in block.splitlines() if ": " in line and not line.startswith(":")
        )
        if "event" in lines:
            events.append((lines["event"], json.loads(lines["data"])))
    return events


def test_chat_turn_is_stored_and_replayed_by_the_stream(
    owner_client_a, tenant_a, in_tenant, django_capture_on_commit_callbacks
):
    response = owner_client_a.post("/assistant/sessions/new/")
    assert response.status_code == 302
    public_id = response["Location"].split("s=")[1]
    with django_capture_on_commit_callbacks(execute=True):
        posted = owner_client_a.post(
            f"/assistant/sessions/{public_id}/messages/", {"content": "How much did we sell yesterday?"}
        )
    assert posted.status_code == 202
    events = _stream_events(owner_client_a.get(posted.json()["stream_url"]))
    assert [name for name, _data in events] == ["message", "end"]
    reply = events[0][1]
    assert reply["role"] == "assistant" and "revenue" in reply["content"]
    with in_tenant(tenant_a):
        stored = AssistantMessage.objects.get(pk=reply["id"])
        assert stored.tool_calls[0]["name"] == "sales_summary" and stored.tokens > 0


def test_chat_page_lists_the_conversation(owner_client_a, tenant_a, in_tenant):
    with in_tenant(tenant_a):
        session = AssistantSession.objects.create(title="Weekly numbers")
        AssistantMessage.objects.create(session=session, role="user", content="hello there")
    page = owner_client_a.get(f"/assistant/?s={session.public_id}")
    assert page.status_code == 200
    assert "Weekly numbers" in page.content.decode() and "hello there" in page.content.decode()


def test_empty_or_oversized_message_is_refused(owner_client_a, tenant_a, in_tenant):
    with in_tenant(tenant_a):
        session = AssistantSession.objects.create()
    for content in ("   ", "x" * 4001):
        response = owner_client_a.post(
            f"/assistant/sessions/{session.public_id}/messages/", {"content": content}
        )
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "validation_error"
    assert owner_client_a.get(f"/assistant/sessions/{session.public_id}/stream/?after=x").status_code == 400


def test_other_tenants_session_is_not_found(owner_client_a, owner_client_b, tenant_a, in_tenant):
    with in_tenant(tenant_a):
        session = AssistantSession.objects.create(title="secret")
        AssistantMessage.objects.create(session=session, role="user", content="alpha secret")
    base = f"/assistant/sessions/{session.public_id}"
    assert owner_client_b.get(f"/assistant/?s={session.public_id}").status_code == 404
    assert owner_client_b.post(f"{base}/messages/", {"content": "hi"}).status_code == 404
    assert owner_client_b.get(f"{base}/stream/").status_code == 404
    assert "secret" not in owner_client_b.get("/assistant/").content.decode()


def test_pages_need_a_login(client, tenant_a):
    for url in ("/assistant/", "/assistant/analytics/", "/assistant/actions/", "/assistant/memory/"):
        response = client.get(url, HTTP_HOST=host(tenant_a))
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_pages_are_absent_when_the_assistant_is_off(owner_client_a, tenant_a):
    from features.services import feature_set

    feature_set(account=tenant_a, agent="assistant", feature="core", enabled=False)
    for url in ("/assistant/", "/assistant/analytics/", "/assistant/actions/", "/assistant/memory/"):
        assert owner_client_a.get(url).status_code == 404


def test_analytics_page_shows_figures_and_charts_in_eur(owner_client_a, tenant_a, in_tenant, today):
    from tests.assistant.helpers import local, order

    with in_tenant(tenant_a):
        shirt = product("Linen Shirt")
        order(local(today.year, today.month, today.day, 0, 30), [(shirt, 100, "12.34")])
    page = owner_client_a.get("/assistant/analytics/?days=7", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<svg" in page and "Linen Shirt" in page
    owner_client_a.post("/i18n/setlang/", {"language": "sl", "next": "/"})
    page_sl = owner_client_a.get("/assistant/analytics/?days=7").content.decode()
    assert "1.234,00 €" in page_sl


def test_analytics_page_refuses_a_bad_range(owner_client_a):
    assert owner_client_a.get("/assistant/analytics/?from=2026-10-10&to=2026-10-01").status_code == 400
    assert owner_client_a.get("/assistant/analytics/?from=nonsense").status_code == 400


def test_analytics_page_of_b_does_not_show_a_sales(owner_client_b, tenant_a, in_tenant, today):
    from tests.assistant.helpers import local, order

    with in_tenant(tenant_a):
        order(local(today.year, today.month, today.day, 0, 30), [(product("Alpha Only Lamp"), 1, "99.00")])
    assert "Alpha Only Lamp" not in owner_client_b.get("/assistant/analytics/").content.decode()


@pytest.fixture
def proposed(tenant_a, in_tenant):
    from assistant.actions import action_propose

    with in_tenant(tenant_a):
        shirt = product("Shirt", description="")
        action = action_propose(
            action_type="description_change", payload={"product_id": shirt.pk, "description": "New text"}
        )
    return action, shirt


def test_owner_approves_in_the_inbox_and_it_executes(
    owner_client_a, proposed, tenant_a, in_tenant, django_capture_on_commit_callbacks
):
    action, shirt = proposed
    assert "New text" in owner_client_a.get("/assistant/actions/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert owner_client_a.post(f"/assistant/actions/{action.pk}/approve/").status_code == 302
    with in_tenant(tenant_a):
        action.refresh_from_db()
        shirt.refresh_from_db()
    assert (action.status, action.approved_by.username, shirt.description) == (
        "executed",
        "owner@alpha.test",
        "New text",
    )


def test_owner_edits_then_rejects(owner_client_a, proposed, tenant_a, in_tenant):
    action, shirt = proposed
    payload = json.dumps({"product_id": shirt.pk, "description": "Edited"})
    owner_client_a.post(f"/assistant/actions/{action.pk}/edit/", {"payload": payload})
    owner_client_a.post(f"/assistant/actions/{action.pk}/edit/", {"payload": "{not json"})
    owner_client_a.post(f"/assistant/actions/{action.pk}/reject/")
    with in_tenant(tenant_a):
        action.refresh_from_db()
        shirt.refresh_from_db()
    assert (action.status, action.payload["description"], shirt.description) == ("rejected", "Edited", "")


def test_bulk_approve(owner_client_a, tenant_a, in_tenant, django_capture_on_commit_callbacks):
    from assistant.actions import action_propose

    with in_tenant(tenant_a):
        shirt = product("Shirt")
        ids = [
            action_propose(action_type="restock_reminder", payload={"product_id": shirt.pk, "quantity": q}).pk
            for q in (1, 2)
        ]
    with django_capture_on_commit_callbacks(execute=True):
        owner_client_a.post("/assistant/actions/bulk/", {"ids": ids, "operation": "approve"})
    with in_tenant(tenant_a):
        assert set(AssistantAction.objects.values_list("status", flat=True)) == {"executed"}
    assert len(mail.outbox) == 2


def test_other_tenant_cannot_see_or_decide_actions(owner_client_b, proposed, tenant_a, in_tenant):
    action, _shirt = proposed
    assert "New text" not in owner_client_b.get("/assistant/actions/").content.decode()
    for step in ("approve", "reject", "retry"):
        assert owner_client_b.post(f"/assistant/actions/{action.pk}/{step}/").status_code in (302, 404)
    owner_client_b.post("/assistant/actions/bulk/", {"ids": [action.pk], "operation": "approve"})
    with in_tenant(tenant_a):
        action.refresh_from_db()
    assert action.status == "suggested"


def test_api_key_cannot_approve_and_api_lists_actions_read_only(
    client, tenant_a, api_key_a, proposed, in_tenant
):
    action, _shirt = proposed
    auth = {"HTTP_HOST": host(tenant_a), "HTTP_AUTHORIZATION": f"Api-Key {api_key_a}"}
    assert (
        client.post(f"/assistant/actions/{action.pk}/approve/", **auth).status_code == 302
    )  # to the login page
    listing = client.get("/api/v1/assistant/actions/", **auth)
    assert listing.status_code == 200 and listing.json()["actions"][0]["id"] == action.pk
    assert client.post("/api/v1/assistant/actions/", **auth).status_code == 405
    with in_tenant(tenant_a):
        action.refresh_from_db()
    assert action.status == "suggested"


def test_memory_is_visible_and_deletable(owner_client_a, tenant_a, in_tenant):
    owner_client_a.post("/assistant/memory/", {"text": "Our busiest day is Saturday"})
    assert "Our busiest day is Saturday" in owner_client_a.get("/assistant/memory/").content.decode()
    with in_tenant(tenant_a):
        item = AssistantMemory.objects.get()
    assert owner_client_a.post(f"/assistant/memory/{item.pk}/delete/").status_code == 302
    with in_tenant(tenant_a):
        assert not AssistantMemory.objects.exists()


def test_other_tenant_cannot_see_or_delete_memory(owner_client_b, tenant_a, in_tenant):
    with in_tenant(tenant_a):
        item = AssistantMemory.objects.create(key="tone", value={"text": "alpha formal tone"})
    assert "alpha formal tone" not in owner_client_b.get("/assistant/memory/").content.decode()
    assert owner_client_b.post(f"/assistant/memory/{item.pk}/delete/").status_code == 404
    with in_tenant(tenant_a):
        assert AssistantMemory.objects.filter(pk=item.pk).exists()


def test_empty_memory_is_refused(owner_client_a, tenant_a, in_tenant):
    owner_client_a.post("/assistant/memory/", {"text": "  "})
    with in_tenant(tenant_a):
        assert not AssistantMemory.objects.exists()


def test_other_tenant_cannot_edit_an_action(owner_client_b, proposed, tenant_a, in_tenant):
    action, shirt = proposed
    payload = json.dumps({"product_id": shirt.pk, "description": "Hijacked"})
    assert (
        owner_client_b.post(f"/assistant/actions/{action.pk}/edit/", {"payload": payload}).status_code == 404
    )
    with in_tenant(tenant_a):
        action.refresh_from_db()
    assert action.payload["description"] == "New text"


def test_b_new_session_is_not_listed_for_a(owner_client_a, owner_client_b):
    created = owner_client_b.post("/assistant/sessions/new/")
    public_id = created["Location"].split("s=")[1]
    assert public_id not in owner_client_a.get("/assistant/").content.decode()
    assert owner_client_a.get(f"/assistant/?s={public_id}").status_code == 404
