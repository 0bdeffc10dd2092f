from datetime import timedelta

from django.utils import timezone

from chatbot import services
from chatbot.models import ChatLead, ChatMessage, ChatSession


def _old_session(visitor, days_ago):
    session = services.session_start(visitor_id=visitor)
    ChatMessage.objects.create(session=session, role="user", content="old question")
    ChatSession.objects.filter(pk=session.pk).update(
        last_activity_at=timezone.now() - timedelta(days=days_ago)
    )
    return session


def test_retention_task_purges_only_sessions_past_the_accounts_period(tenant_a, in_tenant):
    from chatbot.tasks import retention_purge

    services.widget_settings_update(account=tenant_a, data={"retention_days": 30})
    with in_tenant(tenant_a):
        old = _old_session("v_old_visitor_1", 31)
        ChatLead.objects.create(
            session=old, visitor_id="v_old_visitor_1", email="a@example.com", consent=True
        )
        recent = _old_session("v_new_visitor_1", 29)
        assert retention_purge() == 1
        assert list(ChatSession.objects.values_list("pk", flat=True)) == [recent.pk]
        assert ChatMessage.objects.count() == 1
        lead = ChatLead.objects.get()
        assert lead.session is None and lead.email == "a@example.com"


def test_retention_in_a_does_not_touch_b(tenant_a, tenant_b, in_tenant):
    from chatbot.tasks import retention_purge

    services.widget_settings_update(account=tenant_a, data={"retention_days": 1})
    with in_tenant(tenant_b):
        _old_session("v_b_visitor_123", 100)
    with in_tenant(tenant_a):
        retention_purge()
    with in_tenant(tenant_b):
        assert ChatSession.objects.count() == 1


def test_visitor_can_export_and_erase_own_data(widget_a, tenant_a, in_tenant, fake_agent):
    sid = widget_a.start()["session_id"]
    widget_a.say(sid, "my question")
    widget_a.post(f"sessions/{sid}/lead/", {"email": "me@example.com", "consent": True})
    exported = widget_a.get("visitor/").json()
    assert exported["sessions"][0]["messages"][0]["content"] == "my question"
    assert exported["leads"][0]["email"] == "me@example.com"
    erased = widget_a.client.delete(
        "/api/v1/chat/widget/visitor/",
        '{"visitor_id": "%s"}' % widget_a.visitor,
        content_type="application/json",
        **widget_a.headers(),
    )
    assert erased.json()["deleted"] == {"sessions": 1, "leads": 1}
    with in_tenant(tenant_a):
        assert ChatSession.objects.count() == 0 and ChatLead.objects.count() == 0


def test_owner_api_exports_and_deletes_visitor_data(widget_a, api_key_a, client, tenant_a, fake_agent):
    sid = widget_a.start()["session_id"]
    widget_a.say(sid, "hello")
    url = f"/api/v1/chat/visitors/{widget_a.visitor}/"
    auth = {"HTTP_HOST": "alpha.localhost", "HTTP_AUTHORIZATION": f"Api-Key {api_key_a}"}
    assert client.get(url, **auth).json()["sessions"][0]["session_id"] == sid
    assert client.delete(url, **auth).json()["deleted"]["sessions"] == 1
    assert client.get(url, **auth).json()["sessions"] == []


def test_owner_api_of_b_cannot_see_a_visitor(widget_a, api_key_b, client, fake_agent):
    sid = widget_a.start()["session_id"]
    widget_a.say(sid, "hello")
    auth = {"HTTP_HOST": "beta.localhost", "HTTP_AUTHORIZATION": f"Api-Key {api_key_b}"}
    assert client.get(f"/api/v1/chat/visitors/{widget_a.visitor}/", **auth).json()["sessions"] == []
    assert (
        client.delete(f"/api/v1/chat/visitors/{widget_a.visitor}/", **auth).json()["deleted"]["sessions"] == 0
    )
    assert client.get("/api/v1/chat/leads/", **auth).json()["results"] == []


def test_api_key_of_a_is_refused_on_b_host(api_key_a, tenant_b, client):
    response = client.get(
        "/api/v1/chat/leads/", HTTP_HOST="beta.localhost", HTTP_AUTHORIZATION=f"Api-Key {api_key_a}"
    )
    assert response.status_code in (401, 403)


def test_owner_api_refuses_bad_visitor_id(api_key_a, client):
    response = client.get(
        "/api/v1/chat/visitors/bad!/", HTTP_HOST="alpha.localhost", HTTP_AUTHORIZATION=f"Api-Key {api_key_a}"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"


def test_widget_visitor_endpoint_refuses_bad_visitor(widget_a):
    widget_a.visitor = ""
    assert widget_a.get("visitor/?visitor_id=x").status_code == 400
