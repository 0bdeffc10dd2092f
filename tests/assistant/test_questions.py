"""Owner questions in sl and en answered by the offline engine through llm.runtime.agent_reply;
every figure in the answer equals direct SQL over the seeded orders."""

from datetime import date, timedelta

import pytest

from assistant.answers import money
from tests.assistant.conftest import sql_sales, sql_top_products


def ask(account, text: str, today: date):
    from llm.context import AgentContext
    from llm.runtime import agent_reply

    context = AgentContext(
        account_id=account.pk,
        schema_name=account.schema_name,
        agent="assistant",
        channel="dashboard",
        extra={"today": today.isoformat()},
    )
    return agent_reply(account=account, context=context, history=[{"role": "user", "content": text}])


def month(today: date, number: int) -> tuple[date, date]:
    year = today.year if number <= today.month else today.year - 1
    start = date(year, number, 1)
    end = (date(year + (number == 12), number % 12 + 1, 1)) - timedelta(days=1)
    return start, end


def periods(today: date) -> dict:
    monday = today - timedelta(days=today.weekday())
    first = today.replace(day=1)
    last_month_end = first - timedelta(days=1)
    return {
        "yesterday": (today - timedelta(days=1), today - timedelta(days=1)),
        "this_week": (monday, today),
        "last_week": (monday - timedelta(days=7), monday - timedelta(days=1)),
        "this_month": (first, today),
        "last_month": (last_month_end.replace(day=1), last_month_end),
        "october": month(today, 10),
        "september": month(today, 9),
        "last_7": (today - timedelta(days=6), today),
        "oct_1_15": (date(month(today, 10)[0].year, 10, 1), date(month(today, 10)[0].year, 10, 15)),
    }


SUMMARY_QUESTIONS = [
    ("How much did we sell last week?", "en", "last_week"),
    ("What was our revenue yesterday?", "en", "yesterday"),
    ("How much revenue did we make this month?", "en", "this_month"),
    ("How many orders did we have in October?", "en", "october"),
    ("What is the average cart this week?", "en", "this_week"),
    ("What were our sales in the last 7 days?", "en", "last_7"),
    ("How much did we sell from {oct1} to {oct15}?", "en", "oct_1_15"),
    ("Koliko smo prodali prejšnji teden?", "sl", "last_week"),
    ("Kakšen je bil promet včeraj?", "sl", "yesterday"),
    ("Koliko naročil smo imeli ta mesec?", "sl", "this_month"),
    ("Kakšna je bila povprečna košarica v oktobru?", "sl", "october"),
    ("Koliko smo zaslužili od {oct1_sl} do {oct15_sl}?", "sl", "oct_1_15"),
    ("Kakšna je prodaja prejšnji mesec?", "sl", "last_month"),
]


@pytest.mark.parametrize(("question", "lang", "key"), SUMMARY_QUESTIONS)
def test_sales_question_cites_sql_revenue_and_orders(seeded, tenant_a, today, question, lang, key):
    start, end = periods(today)[key]
    oct1, oct15 = periods(today)["oct_1_15"]
    question = question.format(
        oct1=oct1.isoformat(),
        oct15=oct15.isoformat(),
        oct1_sl=f"1. 10. {oct1.year}",
        oct15_sl=f"15. 10. {oct1.year}",
    )
    reply = ask(tenant_a, question, today)
    revenue, orders = sql_sales(start, end)
    assert [call["name"] for call in reply.tool_calls] == ["sales_summary"]
    assert reply.language == lang
    assert money(revenue, lang) in reply.text
    assert f" {orders} " in reply.text
    if orders:
        assert money(revenue / orders, lang) in reply.text


@pytest.mark.parametrize(
    ("question", "lang", "first", "second"),
    [
        ("Compare October with September", "en", "october", "september"),
        ("Primerjaj oktober in september", "sl", "october", "september"),
        ("Compare this week vs last week", "en", "this_week", "last_week"),
        ("Primerjaj prejšnji teden s tem tednom", "sl", "last_week", "this_week"),
    ],
)
def test_compare_question_cites_both_periods(seeded, tenant_a, today, question, lang, first, second):
    reply = ask(tenant_a, question, today)
    revenue_a, orders_a = sql_sales(*periods(today)[first])
    revenue_b, orders_b = sql_sales(*periods(today)[second])
    assert [call["name"] for call in reply.tool_calls] == ["sales_compare"]
    assert money(revenue_a, lang) in reply.text and money(revenue_b, lang) in reply.text
    assert money(revenue_a - revenue_b, lang) in reply.text
    assert f"{orders_a - orders_b:+d}" in reply.text


def test_compare_month_with_same_month_last_year(seeded, tenant_a, today):
    reply = ask(tenant_a, "Compare this month with the same month last year", today)
    start, end = periods(today)["this_month"]
    revenue_b, _ = sql_sales(start.replace(year=start.year - 1), end.replace(year=end.year - 1))
    assert money(revenue_b, "en") in reply.text
    assert money(sql_sales(start, end)[0], "en") in reply.text


@pytest.mark.parametrize(
    ("question", "lang", "key", "worst", "limit"),
    [
        ("Which products sell best this month?", "en", "this_month", False, 5),
        ("What are the worst selling products last month?", "en", "last_month", True, 5),
        ("What are the top 3 products in October?", "en", "october", False, 3),
        ("Kateri izdelki se najbolje prodajajo ta mesec?", "sl", "this_month", False, 5),
        ("Kateri izdelki so se najslabše prodajali prejšnji mesec?", "sl", "last_month", True, 5),
    ],
)
def test_product_question_ranks_like_sql(seeded, tenant_a, today, question, lang, key, worst, limit):
    reply = ask(tenant_a, question, today)
    expected = sql_top_products(*periods(today)[key], limit=limit, worst=worst)
    assert [call["name"] for call in reply.tool_calls] == ["product_ranking"]
    positions = [reply.text.index(f"{name}: {money(revenue, lang)}") for name, revenue in expected]
    assert positions == sorted(positions) and len(expected) > 0


@pytest.mark.parametrize(
    "question", ["Which products are low on stock?", "Kateri izdelki imajo nizko zalogo?"]
)
def test_low_stock_question_lists_products_at_or_below_five(seeded, tenant_a, today, question):
    reply = ask(tenant_a, question, today)
    assert [call["name"] for call in reply.tool_calls] == ["stock_low"]
    for name, quantity in (("Silk Scarf", 0), ("Linen Shirt", 2), ("Wool Cap", 3)):
        assert f"{name}: {quantity} " in reply.text
    assert "Canvas Bag" not in reply.text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Which products are missing descriptions?", "1 active products have no description: Wool Cap."),
        ("Kateri izdelki so brez opisa?", "Brez opisa je 1 aktivnih izdelkov: Wool Cap."),
    ],
)
def test_missing_description_question(seeded, tenant_a, today, question, expected):
    assert ask(tenant_a, question, today).text == expected


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("Is there a trend in sales over the last 30 days?", "en"),
        ("Ali prodaja raste v zadnjih 30 dneh?", "sl"),
    ],
)
def test_trend_question_cites_both_halves(seeded, tenant_a, today, question, lang):
    reply = ask(tenant_a, question, today)
    start = today - timedelta(days=29)
    first, _ = sql_sales(start, start + timedelta(days=14))
    second, _ = sql_sales(start + timedelta(days=15), today)
    assert [call["name"] for call in reply.tool_calls] == ["sales_trend"]
    assert money(first, lang) in reply.text and money(second, lang) in reply.text


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("Were there any unusual days last month?", "en"),
        ("Ali so bili prejšnji mesec kakšni nenavadni dnevi?", "sl"),
    ],
)
def test_anomaly_question_cites_mean_daily_revenue(seeded, tenant_a, today, question, lang):
    from decimal import Decimal

    start, end = periods(today)["last_month"]
    revenue, _ = sql_sales(start, end)
    reply = ask(tenant_a, question, today)
    assert [call["name"] for call in reply.tool_calls] == ["sales_anomalies"]
    assert money((revenue / Decimal((end - start).days + 1)), lang) in reply.text
