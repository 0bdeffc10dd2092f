"""Token metering per (account, agent, month), quotas, the over-quota answer, owner dashboard."""

import threading

import pytest
from django.db import connection

from llm.guardrails import phrase
from llm.metering import month_start, quota_exceeded, record_usage, usage_summary
from llm.models import TokenUsage
from llm.testing import ScriptedChatModel
from tests.llm.conftest import ask


def _set_tier(account, tier: str) -> None:
    from accounts.models import Account

    Account.objects.filter(pk=account.pk).update(subscription_tier=tier)
    account.subscription_tier = tier


@pytest.mark.django_db
def test_record_usage_adds_to_this_months_row(tenant_a):
    record_usage(account=tenant_a, agent="chatbot", input_tokens=100, output_tokens=20)
    record_usage(account=tenant_a, agent="chatbot", input_tokens=5, output_tokens=1, fallbacks=1)
    row = TokenUsage.objects.get(account=tenant_a, agent="chatbot", month=month_start())
    assert (row.input_tokens, row.output_tokens, row.calls, row.fallbacks) == (105, 21, 2, 1)


@pytest.mark.django_db
def test_usage_is_kept_per_agent_and_per_account(tenant_a, tenant_b):
    record_usage(account=tenant_a, agent="chatbot", input_tokens=10, output_tokens=1)
    record_usage(account=tenant_a, agent="assistant", input_tokens=7, output_tokens=0)
    record_usage(account=tenant_b, agent="chatbot", input_tokens=1000, output_tokens=0)
    summary = usage_summary(tenant_a)
    assert summary.total_tokens == 18 and summary.by_agent == {"chatbot": 11, "assistant": 7}


@pytest.mark.django_db
def test_record_usage_works_from_inside_a_tenant_schema(tenant_a, in_tenant):
    with in_tenant(tenant_a):
        record_usage(account=tenant_a, agent="chatbot", input_tokens=3, output_tokens=4)
    assert usage_summary(tenant_a).total_tokens == 7


def test_concurrent_recording_loses_no_tokens(tenants_committed):
    tenant_a, _ = tenants_committed
    errors = []

    def work():
        try:
            for _ in range(10):
                record_usage(account=tenant_a, agent="chatbot", input_tokens=3, output_tokens=2)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    row = TokenUsage.objects.get(account=tenant_a, agent="chatbot")
    assert errors == [] and (row.input_tokens, row.output_tokens, row.calls) == (240, 160, 80)
    TokenUsage.objects.all().delete()


@pytest.mark.django_db
def test_offline_turn_records_its_tokens(tenant_a):
    reply = ask(tenant_a, "Hello!")
    row = TokenUsage.objects.get(account=tenant_a, agent="chatbot")
    assert reply.input_tokens > 0 and reply.output_tokens > 0
    assert (row.input_tokens, row.output_tokens, row.calls) == (reply.input_tokens, reply.output_tokens, 1)


@pytest.mark.django_db
def test_enterprise_tier_has_no_quota(tenant_a):
    record_usage(account=tenant_a, agent="chatbot", input_tokens=10**9, output_tokens=0)
    assert not quota_exceeded(tenant_a)


@pytest.mark.django_db
@pytest.mark.parametrize(("message", "lang"), [("Ali imate majice?", "sl"), ("Do you have t-shirts?", "en")])
def test_over_quota_answers_translated_message_without_calling_the_model(tenant_a, message, lang):
    _set_tier(tenant_a, "free")
    record_usage(account=tenant_a, agent="assistant", input_tokens=150_000, output_tokens=50_000)
    model = ScriptedChatModel(responses=[])  # raises if called
    deltas = []
    reply = ask(tenant_a, message, model=model, on_delta=deltas.append)
    assert reply.over_quota and reply.text == phrase("over_quota", lang) and deltas == [reply.text]
    assert model.calls == []
    assert usage_summary(tenant_a).calls == 1  # nothing recorded for the refused turn


@pytest.mark.django_db
def test_under_quota_free_account_is_answered(tenant_a):
    _set_tier(tenant_a, "free")
    record_usage(account=tenant_a, agent="chatbot", input_tokens=199_000, output_tokens=0)
    reply = ask(tenant_a, "Hello!")
    assert not reply.over_quota and reply.text.startswith("Hello!")


@pytest.mark.django_db
def test_dashboard_shows_usage(owner_client_a, tenant_a):
    record_usage(account=tenant_a, agent="chatbot", input_tokens=1200, output_tokens=34)
    page = owner_client_a.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="token-usage"' in page and "1,234" in page and "1 model calls" in page
    assert "no monthly token limit" in page


@pytest.mark.django_db
def test_dashboard_warns_owner_over_quota(owner_client_a, tenant_a):
    _set_tier(tenant_a, "free")
    record_usage(account=tenant_a, agent="chatbot", input_tokens=200_000, output_tokens=1)
    page = owner_client_a.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'role="alert"' in page and "allowance of 200,000 tokens is used up" in page


@pytest.mark.django_db
def test_dashboard_usage_is_per_tenant(owner_client_a, tenant_a, tenant_b):
    record_usage(account=tenant_b, agent="chatbot", input_tokens=987_654, output_tokens=0)
    page = owner_client_a.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "987,654" not in page and 'id="token-usage"' in page


@pytest.mark.django_db
def test_dashboard_usage_card_is_translated_to_slovenian(owner_client_a, tenant_a):
    _set_tier(tenant_a, "free")
    record_usage(account=tenant_a, agent="chatbot", input_tokens=170_000, output_tokens=0)
    page = owner_client_a.get("/", HTTP_ACCEPT_LANGUAGE="sl").content.decode()
    assert "Poraba UI ta mesec" in page and "Porabili ste 85 % mesečne kvote za UI." in page
