"""Memory and action proposals through the offline assistant (agent_reply)."""

from django.core import mail

from assistant.models import AssistantAction, AssistantMemory
from tests.assistant.test_questions import ask


def test_owner_fact_is_remembered_and_recalled_in_a_later_conversation(seeded, tenant_a, in_tenant, today):
    saved = ask(tenant_a, "Remember that our busiest day is Saturday", today)
    assert saved.tool_calls[0]["name"] == "remember"
    with in_tenant(tenant_a):
        assert AssistantMemory.objects.get().value == {"text": "our busiest day is Saturday"}
    recalled = ask(tenant_a, "What do you remember?", today)
    assert "our busiest day is Saturday" in recalled.text
    trend = ask(tenant_a, "Is there a trend in sales over the last 30 days?", today)
    assert "our busiest day is Saturday" in trend.text


def test_slovenian_tone_preference_is_stored_once_under_one_key(tenant_a, in_tenant, today):
    ask(tenant_a, "Vedno piši v formalnem tonu", today)
    ask(tenant_a, "Zapomni si, da vedno pišemo v vikanju in formalnem tonu", today)
    with in_tenant(tenant_a):
        assert list(AssistantMemory.objects.values_list("key", flat=True)) == ["tone"]
        assert "vikanju" in AssistantMemory.objects.get().value["text"]


def test_restock_request_becomes_a_suggested_action_that_does_not_run(seeded, tenant_a, in_tenant, today):
    reply = ask(tenant_a, "Remind me to restock Wool Cap, 20 pcs", today)
    assert reply.tool_calls[0]["name"] == "propose_action"
    with in_tenant(tenant_a):
        action = AssistantAction.objects.get()
    assert (action.action_type, action.status, action.payload["quantity"]) == (
        "restock_reminder",
        "suggested",
        20,
    )
    assert action.payload["product_name"] == "Wool Cap"
    assert f"#{action.pk}" in reply.text and mail.outbox == []


def test_slovenian_description_change_is_proposed_not_applied(seeded, tenant_a, in_tenant, today):
    from shop.models import Product

    ask(tenant_a, "Vedno piši v formalnem tonu", today)
    reply = ask(tenant_a, "Spremeni opis izdelka Wool Cap v: Topla volnena kapa za zimo.", today)
    with in_tenant(tenant_a):
        action = AssistantAction.objects.get()
        assert Product.objects.get(name="Wool Cap").description == ""
    assert action.payload["description"] == "Topla volnena kapa za zimo."
    assert "odobrite" in reply.text and "formalnem" in reply.text


def test_faq_and_campaign_proposals(seeded, tenant_a, in_tenant, today):
    ask(tenant_a, "Publish FAQ: Do you ship abroad? Yes, within the EU in 3–5 days.", today)
    ask(tenant_a, "Pripravi kampanjo za razprodajo", today)
    with in_tenant(tenant_a):
        kinds = dict(AssistantAction.objects.values_list("action_type", "payload"))
    assert kinds["faq_publish"]["question"] == "Do you ship abroad?"
    assert kinds["campaign_draft"] == {"campaign_type": "sale", "language": "sl", "product_ids": []}


def test_unknown_product_is_not_proposed(seeded, tenant_a, in_tenant, today):
    reply = ask(tenant_a, "Please remind me to restock the Unicorn Saddle", today)
    with in_tenant(tenant_a):
        assert not AssistantAction.objects.exists()
    assert "can't propose" in reply.text


def test_tool_proposal_never_approves(seeded, tenant_a, in_tenant, today, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask(tenant_a, "Remind me to restock Linen Shirt", today)
    with in_tenant(tenant_a):
        assert AssistantAction.objects.get().status == "suggested"
    assert mail.outbox == []


def test_disabled_booking_hides_the_bookings_tool(tenant_a):
    from features.services import feature_set
    from llm.registry import tools_for

    assert "bookings_summary" in {entry.name for entry in tools_for(tenant_a, "assistant")}
    feature_set(account=tenant_a, agent="booking", feature="core", enabled=False)
    assert "bookings_summary" not in {entry.name for entry in tools_for(tenant_a, "assistant")}


def test_memory_leads_the_history_of_later_conversations(tenant_a, in_tenant):
    from assistant.chat import history_for
    from assistant.models import AssistantMessage, AssistantSession
    from assistant.services import memory_remember

    with in_tenant(tenant_a):
        memory_remember(key="tone", text="always write in a formal tone")
        session = AssistantSession.objects.create()
        ids = [
            AssistantMessage.objects.create(session=session, role="user", content=f"q{i}").pk
            for i in range(25)
        ]
        history = history_for(session, ids[-1])
    assert len(history) == 20
    assert (
        history[0]["role"] == "assistant" and "tone: always write in a formal tone" in history[0]["content"]
    )
    assert history[-1]["content"] == "q24"


def test_leads_question_counts_this_months_chat_leads(tenant_a, in_tenant, today):
    from chatbot.models import ChatLead

    with in_tenant(tenant_a):
        ChatLead.objects.create(name="Ana", email="ana@example.com")
        ChatLead.objects.create(name="Bor", phone="+386 40 111 222")
    reply = ask(tenant_a, "How many leads did we get this month?", today)
    assert [call["name"] for call in reply.tool_calls] == ["leads_summary"]
    assert ": 2 new leads from the chat." in reply.text and "ana@example.com" in reply.text


def test_bookings_question_lists_active_bookings_of_a_day(tenant_a, in_tenant, today):
    from booking import services
    from tests.booking.conftest import make_setup

    with in_tenant(tenant_a):
        setup = make_setup()
        kept = services.assistant_booking_create(
            service_id=setup.service.pk, start=setup.at(10), customer_name="Ana"
        )
        gone = services.assistant_booking_create(
            service_id=setup.service.pk, start=setup.at(12), customer_name="Bor"
        )
        services.assistant_booking_cancel(booking_id=gone.pk)
    reply = ask(tenant_a, f"Which bookings do we have on {setup.day.isoformat()}?", today)
    assert [call["name"] for call in reply.tool_calls] == ["bookings_summary"]
    assert ": 1 active bookings." in reply.text and f"#{kept.pk}" in reply.text and "Bor" not in reply.text
