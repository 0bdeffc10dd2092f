"""Fixtures for the agent runtime tests: the demo shop seeded into tenant alpha, FAQs, helpers."""

import pytest
from django.db import connection

from tests.conftest import truncate_tenant_tables

DEMO_FAQS = [
    (
        "Ali lahko izdelek podarim kot darilo z darilnim zavojem?",
        "Da, ob nakupu izberite možnost darilnega zavoja; zavijemo brezplačno.",
        "darila",
    ),
    (
        "Do you offer gift wrapping?",
        "Yes – choose gift wrapping at checkout and we wrap your order free of charge.",
        "gifts",
    ),
    (
        "Ali imate fizično trgovino v Mariboru?",
        "Ne, naša edina trgovina je v Ljubljani na Slovenski cesti 1.",
        "trgovina",
    ),
    (
        "Can I order by phone?",
        "Yes, call us during opening hours and we will take your order by phone.",
        "orders",
    ),
]
DRAFT_FAQ = ("Ali prodajate tudi kolesa?", "Da, prodajamo kolesa znamke Skrivnost.", "kolesa")


@pytest.fixture(scope="module")
def demo_shop(django_db_setup, django_db_blocker):
    """Tenant alpha holds the demo catalog (300 products), company info and FAQs, committed."""
    from django_tenants.utils import tenant_context

    from accounts.demo import demo_catalog_seed
    from chatbot.models import FAQ
    from tests.conftest import _ensure_tenant

    with django_db_blocker.unblock():
        account = _ensure_tenant("alpha")
        _ensure_tenant("beta")
        demo_catalog_seed(account, products=300, months=0)
        with tenant_context(account):
            for question, answer, category in DEMO_FAQS:
                FAQ.objects.create(question=question, answer=answer, category=category, status="published")
            FAQ.objects.create(
                question=DRAFT_FAQ[0], answer=DRAFT_FAQ[1], category=DRAFT_FAQ[2], status="draft"
            )
        connection.set_schema_to_public()
        yield account
        connection.set_schema_to_public()
        truncate_tenant_tables("alpha")
        from llm.models import TokenUsage

        TokenUsage.objects.all().delete()


@pytest.fixture
def ctx_a(tenant_a):
    from llm.context import AgentContext

    return AgentContext(
        account_id=tenant_a.pk, schema_name=tenant_a.schema_name, agent="chatbot", channel="cli"
    )


def ask(account, text: str, *, history=None, context=None, **kwargs):
    from llm.context import AgentContext
    from llm.runtime import agent_reply

    context = context or AgentContext(
        account_id=account.pk, schema_name=account.schema_name, agent="chatbot", channel="cli"
    )
    turns = list(history or []) + [{"role": "user", "content": text}]
    return agent_reply(account=account, context=context, history=turns, **kwargs)
