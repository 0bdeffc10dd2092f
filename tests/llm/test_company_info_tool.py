"""company_info: "open now?" in the shop's time zone (hours' own zone, else the account's)."""

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from llm.context import AgentContext

pytestmark = pytest.mark.django_db

WEEKDAYS_9_TO_17 = {day: [["09:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}


def _call(account, monkeypatch, moment):
    import chatbot.tools
    from chatbot.tools import company_info

    monkeypatch.setattr(chatbot.tools, "now", lambda: moment)
    runtime = SimpleNamespace(
        context=AgentContext(account_id=account.pk, schema_name="alpha", agent="chatbot")
    )
    return company_info.func(topic="open_now", runtime=runtime)


def test_hours_without_a_zone_use_the_accounts_timezone(tenant_a, in_tenant, monkeypatch):
    from accounts.models import Account
    from shop.models import CompanyInfo

    Account.objects.filter(pk=tenant_a.pk).update(timezone="America/New_York")
    tenant_a.refresh_from_db()
    with in_tenant(tenant_a):
        CompanyInfo.objects.create(name="Alpha", working_hours=WEEKDAYS_9_TO_17)
        # 14:30 UTC on a Wednesday is 09:30 in New York: open (in Ljubljana it would be 15:30).
        result = _call(tenant_a, monkeypatch, datetime(2026, 11, 25, 14, 30, tzinfo=UTC))
    assert result["open"]["open_now"] is True and result["open"]["timezone"] == "America/New_York"
    assert result["open"]["local_time"] == "09:30"


def test_shop_without_configured_hours_is_not_claimed_open(tenant_a, in_tenant, monkeypatch):
    from chatbot.tools import CompanyInfoOffline

    with in_tenant(tenant_a):
        result = _call(tenant_a, monkeypatch, datetime(2026, 11, 25, 10, 0, tzinfo=UTC))
    assert result["configured_hours"] is False
    assert CompanyInfoOffline().render(result, "en").startswith("Sorry, I don't have a reliable answer")


def test_tool_requiring_another_feature_is_gated_by_both(tenant_a):
    from langchain.tools import ToolRuntime, tool

    from features.services import feature_set
    from llm.registry import _REGISTRY, agent_tool, tools_for

    @agent_tool(agent="chatbot", feature="core", requires=(("booking", "core"),))
    @tool
    def book_probe(*, runtime: ToolRuntime[AgentContext]) -> dict:
        """Book (test probe)."""
        return {}

    try:
        assert "book_probe" in [e.name for e in tools_for(tenant_a, "chatbot")]
        feature_set(account=tenant_a, agent="booking", feature="core", enabled=False)
        assert "book_probe" not in [e.name for e in tools_for(tenant_a, "chatbot")]
    finally:
        _REGISTRY.pop("book_probe", None)
