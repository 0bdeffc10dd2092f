import pytest

from chatbot import services
from chatbot.models import ChatLead, ChatMessage, ChatSession


@pytest.fixture
def mailbox(settings):
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    from django.core import mail

    mail.outbox = []
    return mail.outbox


def _session(account, in_tenant, session_id):
    with in_tenant(account):
        return ChatSession.objects.get(session_id=session_id)


def test_asking_for_a_human_flags_the_session_and_bot_stays_silent(
    widget_a, tenant_a, in_tenant, fake_agent, mailbox
):
    sid = widget_a.start()["session_id"]
    response = widget_a.say(sid, "Can I talk to a human please?")
    assert response.json()["handoff_status"] == "human_requested"
    widget_a.say(sid, "hello?")
    with in_tenant(tenant_a):
        roles = list(ChatMessage.objects.order_by("id").values_list("role", flat=True))
    assert roles == ["user", "system", "user"]
    assert fake_agent["calls"] == []
    assert "asks for a person" in mailbox[0].subject


def test_slovenian_request_for_a_person_is_recognised(widget_a, tenant_a, in_tenant, fake_agent, mailbox):
    sid = widget_a.start()["session_id"]
    assert widget_a.say(sid, "Želim govoriti s človekom").json()["handoff_status"] == "human_requested"


def test_owner_reply_streams_to_the_widget_and_hand_back_resumes_the_bot(
    widget_a, tenant_a, in_tenant, fake_agent, mailbox
):
    sid = widget_a.start()["session_id"]
    widget_a.say(sid, "I need a real person")
    with in_tenant(tenant_a):
        session = ChatSession.objects.get(session_id=sid)
        services.owner_reply(session=session, content="Hi, Ana from the shop here.")
        session.refresh_from_db()
        assert session.handoff_status == "human"
    body = widget_a.get(f"sessions/{sid}/messages/").json()
    assert body["messages"][-1]["role"] == "owner"
    assert body["messages"][-1]["content"] == "Hi, Ana from the shop here."
    with in_tenant(tenant_a):
        services.session_hand_back(session=session)
    widget_a.say(sid, "thanks, what about prices?")
    assert len(fake_agent["calls"]) == 1
    assert widget_a.get(f"sessions/{sid}/messages/").json()["messages"][-1]["content"] == "Scripted answer."


def test_handoff_button_endpoint_flags_session(widget_a, tenant_a, in_tenant, mailbox):
    sid = widget_a.start()["session_id"]
    response = widget_a.post(f"sessions/{sid}/handoff/", {})
    assert response.json()["handoff_status"] == "human_requested"
    assert _session(tenant_a, in_tenant, sid).handoff_status == "human_requested"


def test_lead_requires_consent(widget_a, tenant_a, in_tenant, mailbox):
    sid = widget_a.start()["session_id"]
    response = widget_a.post(f"sessions/{sid}/lead/", {"email": "ana@example.com", "consent": False})
    assert response.status_code == 400
    assert (
        response.json()["error"]["message"]
        == "Please agree to be contacted, otherwise we cannot keep your details."
    )
    with in_tenant(tenant_a):
        assert ChatLead.objects.count() == 0


def test_lead_requires_email_or_phone(widget_a, mailbox):
    sid = widget_a.start()["session_id"]
    response = widget_a.post(f"sessions/{sid}/lead/", {"name": "Ana", "consent": True})
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {
        "email": ["Please give an email address or a phone number."]
    }


def test_lead_with_bad_email_is_refused(widget_a, mailbox):
    sid = widget_a.start()["session_id"]
    response = widget_a.post(f"sessions/{sid}/lead/", {"email": "not-an-email", "consent": True})
    assert response.status_code == 400


def test_lead_is_stored_with_consent_and_owner_is_emailed(widget_a, tenant_a, in_tenant, mailbox):
    sid = widget_a.start()["session_id"]
    response = widget_a.post(
        f"sessions/{sid}/lead/",
        {
            "name": "Ana",
            "email": "ana@example.com",
            "phone": "+386 41 123 456",
            "message": "Call me",
            "consent": True,
        },
    )
    assert response.status_code == 201
    with in_tenant(tenant_a):
        lead = ChatLead.objects.get()
        assert (lead.email, lead.phone, lead.consent) == ("ana@example.com", "+386 41 123 456", True)
        assert lead.consent_text.startswith("I agree that the shop stores my contact details")
        assert lead.consented_at is not None
        assert lead.session.has_lead is True
    assert mailbox[0].to == ["owner@alpha.test"]
    assert "ana@example.com" in mailbox[0].body


def test_lead_email_goes_to_configured_address(widget_a, tenant_a, mailbox):
    services.widget_settings_update(account=tenant_a, data={"lead_email": "sales@alpha.test"})
    sid = widget_a.start()["session_id"]
    widget_a.post(f"sessions/{sid}/lead/", {"email": "bob@example.com", "consent": True})
    assert mailbox[0].to == ["sales@alpha.test"]


def test_asking_to_be_contacted_offers_the_lead_form(widget_a, fake_agent, mailbox):
    sid = widget_a.start()["session_id"]
    widget_a.say(sid, "Please contact me about a bulk order")
    reply = widget_a.get(f"sessions/{sid}/messages/").json()["messages"][-1]
    assert reply["meta"]["offer_lead"] is True
    assert "leave your email or phone number" in reply["content"]


def test_outside_business_hours_the_bot_says_so_once(widget_a, tenant_a, in_tenant, fake_agent):
    from shop.models import CompanyInfo

    with in_tenant(tenant_a):
        CompanyInfo.objects.all().delete()
        CompanyInfo.objects.create(
            name="Alpha", working_hours={"mon": [["00:00", "00:01"]], "timezone": "UTC"}
        )
    sid = widget_a.start()["session_id"]
    widget_a.say(sid, "hello")
    widget_a.say(sid, "and shipping?")
    replies = [
        m for m in widget_a.get(f"sessions/{sid}/messages/").json()["messages"] if m["role"] == "assistant"
    ]
    assert "The shop is closed at the moment (opening hours: Mon 00:00–00:01)" in replies[0]["content"]
    assert replies[0]["meta"]["offer_lead"] is True
    assert "closed" not in replies[1]["content"]


def test_inside_business_hours_no_closed_note(widget_a, tenant_a, in_tenant, fake_agent):
    from shop.models import CompanyInfo

    all_day = [["00:00", "24:00"]]
    with in_tenant(tenant_a):
        CompanyInfo.objects.all().delete()
        CompanyInfo.objects.create(
            name="Alpha",
            working_hours={d: all_day for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
        )
    sid = widget_a.start()["session_id"]
    assert widget_a.start(session_id=sid, visitor_id=widget_a.visitor)["open"] is True
    widget_a.say(sid, "hello")
    reply = widget_a.get(f"sessions/{sid}/messages/").json()["messages"][-1]
    assert reply["content"] == "Scripted answer."


def test_bot_captures_lead_typed_in_chat_through_the_agent(widget_a, tenant_a, in_tenant, mailbox):
    sid = widget_a.start()["session_id"]
    assert (
        widget_a.say(sid, "Please contact me at ana.novak@example.com about a bulk order").status_code == 202
    )
    with in_tenant(tenant_a):
        lead = ChatLead.objects.get()
        reply = ChatMessage.objects.filter(role="assistant").get()
    assert lead.email == "ana.novak@example.com"
    assert "ana.novak@example.com" in lead.consent_text
    assert "ana.novak@example.com" in reply.content


def test_lead_tool_refuses_contact_details_the_shopper_did_not_type(tenant_a, in_tenant):
    from types import SimpleNamespace

    from django.db import connection

    from chatbot.lead_tools import lead_capture
    from llm.context import AgentContext

    with in_tenant(tenant_a):
        connection.tenant = tenant_a
        session = services.session_start(visitor_id="v_tooltest_123")
        ChatMessage.objects.create(session=session, role="user", content="please call me")
        context = AgentContext(
            account_id=tenant_a.pk, schema_name="alpha", agent="chatbot", session_id=session.session_id
        )
        result = lead_capture.func(runtime=SimpleNamespace(context=context), email="made.up@example.com")
        assert result["saved"] is False
        assert ChatLead.objects.count() == 0


def test_owner_reply_arrives_live_on_the_open_stream(widget_a, tenant_a, in_tenant, mailbox, settings):
    from tests.chatbot.conftest import parse_sse

    settings.CHATBOT_STREAM_SECONDS = 3
    sid = widget_a.start()["session_id"]
    cursor = widget_a.say(sid, "I want to talk to a human").json()["message"]["id"]
    response = widget_a.get(f"sessions/{sid}/stream/?cursor={cursor}")
    chunks = iter(response.streaming_content)
    text = next(chunks).decode()  # subscribed
    with in_tenant(tenant_a):
        services.owner_reply(
            session=ChatSession.objects.get(session_id=sid), content="Ana here, how can I help?"
        )
    text += "".join(chunk.decode() for chunk in chunks)
    events = parse_sse(text)
    contents = [(e["data"]["role"], e["data"]["content"]) for e in events if e["event"] == "message"]
    assert ("owner", "Ana here, how can I help?") in contents
    assert "end" not in [e["event"] for e in events]  # a person has the chat: the widget keeps listening


def test_lead_alert_is_the_transactional_template_with_tenant_metadata(widget_a, tenant_a, mailbox):
    sid = widget_a.start()["session_id"]
    widget_a.post(f"sessions/{sid}/lead/", {"name": "Bob", "email": "bob@example.com", "consent": True})
    alert = mailbox[0]
    assert alert.metadata["tenant"] == "alpha" and alert.metadata["template"] == "lead_alert"
    assert alert.tags == ["transactional", "lead_alert"]
    assert "Bob" in alert.subject and "bob@example.com" in alert.body
    assert alert.alternatives and "bob@example.com" in alert.alternatives[0][0]
