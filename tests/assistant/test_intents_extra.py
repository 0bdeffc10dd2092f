"""Owner phrasing the offline assistant must understand (regressions found by hand)."""

import pytest

from llm.guardrails import phrase
from tests.assistant.conftest import sql_sales
from tests.assistant.test_questions import ask, periods


@pytest.mark.parametrize("question", ["Show me all orders from last week", "Pokaži naročila prejšnji teden"])
def test_orders_of_a_period_are_answered_with_the_period_figures(
    question, seeded, tenant_a, in_tenant, today
):
    start, end = periods(today)["last_week"]
    with in_tenant(tenant_a):
        _revenue, orders = sql_sales(start, end)
        reply = ask(tenant_a, question, today)
    assert f" {orders} " in reply.text, reply.text


def test_owner_gets_an_owner_phrase_when_the_question_is_unknown(tenant_a, in_tenant, today):
    with in_tenant(tenant_a):
        reply = ask(tenant_a, "What is the meaning of life?", today)
    assert reply.text == phrase("dont_know_owner", "en")
