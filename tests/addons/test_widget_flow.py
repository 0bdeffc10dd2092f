"""Add-on tools inside a real chat: the widget API, the session from the AgentContext, and a
model that tries to use contact details the shopper never typed."""

import pytest
from langchain_core.messages import AIMessage

from llm.testing import ScriptedChatModel, tool_call
from tests.chatbot.conftest import Widget

pytestmark = pytest.mark.django_db


def test_complaint_in_the_widget_files_a_ticket_on_the_session(client, catalog, tenant_a, in_tenant):
    from addons.models import SupportTicket
    from chatbot.models import ChatMessage

    widget = Widget(client, tenant_a, lang="sl")
    session_id = widget.start()["session_id"]
    response = widget.say(
        session_id, "Majica je prišla poškodovana, naročilo #A-77, pišite na ana@example.com"
    )
    assert response.status_code in (200, 201, 202), response.content
    with in_tenant(tenant_a):
        ticket = SupportTicket.objects.select_related("session").get()
        assert (ticket.session.session_id, ticket.email, ticket.order_ref) == (
            session_id,
            "ana@example.com",
            "A-77",
        )
        answer = ChatMessage.objects.filter(session=ticket.session, role="assistant").last().content
    assert f"pod številko {ticket.pk}" in answer


def test_tool_refuses_an_email_the_shopper_never_typed(catalog, tenant_a, in_tenant):
    from addons.models import StockNotification
    from chatbot.models import ChatMessage, ChatSession
    from llm.context import AgentContext
    from llm.runtime import agent_reply

    with in_tenant(tenant_a):
        session = ChatSession.objects.create(visitor_id="v-1")
        ChatMessage.objects.create(session=session, role="user", content="Tell me when Modra majica is back")
    model = ScriptedChatModel(
        responses=[
            tool_call("stock_alert_subscribe", {"product": "Modra majica", "email": "attacker@evil.test"}),
            AIMessage(content="Done."),
        ]
    )
    context = AgentContext(
        account_id=tenant_a.pk, schema_name="alpha", agent="chatbot", session_id=session.session_id
    )
    reply = agent_reply(
        account=tenant_a,
        context=context,
        history=[{"role": "user", "content": "Tell me when Modra majica is back"}],
        model=model,
    )
    assert reply.tool_calls[0]["result"]["missing"] == "email"
    with in_tenant(tenant_a):
        assert not StockNotification.objects.exists()
