"""The owner assistant's tools: analytics, catalog gaps, leads, bookings, memory, proposals.

Thin: each parses its arguments, reads through assistant selectors (or another app's selectors)
inside the tenant named by `runtime.context` (llm.tooling.tenant_scope, never an argument) and
returns JSON-ready data with every figure it used; answers cite those figures (assistant/answers.py).
Tools only *propose* actions; approving is the owner's, in the dashboard.
"""

from datetime import date, timedelta
from decimal import Decimal
from statistics import mean, pstdev

from langchain.tools import ToolRuntime, tool

from assistant import answers, selectors
from assistant.analytics import local_today
from assistant.intents import Hooks, limit_in, threshold_in, wants_worst
from assistant.periods import Period, find_periods, parse_period, same_period_last_year
from llm.context import AgentContext
from llm.registry import agent_tool
from llm.tooling import tenant_scope

RELATIVE = {
    "today": ("danes", "today"),
    "yesterday": ("včeraj", "yesterday"),
    "this_week": ("ta teden", "this week"),
    "last_week": ("prejšnji teden", "last week"),
    "previous_week": ("teden prej", "the week before"),
    "this_month": ("ta mesec", "this month"),
    "last_month": ("prejšnji mesec", "last month"),
    "this_year": ("letos", "this year"),
    "last_year": ("lani", "last year"),
}
WEEKDAYS = {
    "sl": ["ponedeljek", "torek", "sreda", "četrtek", "petek", "sobota", "nedelja"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}


def _today(runtime) -> date:
    # Tests and the CLI may pin "today" (ISO date) in the context; otherwise the account's local day.
    pinned = (getattr(runtime.context, "extra", None) or {}).get("today")
    return date.fromisoformat(pinned) if pinned else local_today()


def _period_dict(period: Period) -> dict:
    label = {}
    for index, lang in enumerate(("sl", "en")):
        text = period.label(lang)
        relative = RELATIVE.get(period.key)
        label[lang] = f"{relative[index].capitalize()} ({text})" if relative else text
    return {
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "key": period.key,
        "label": label,
    }


def _summary(period: Period) -> dict:
    return {**selectors.period_summary(start=period.start, end=period.end), "period": _period_dict(period)}


def _notes(*words: str) -> list[str]:
    return [note for note in selectors.memory_notes() if any(word in note.lower() for word in words)]


def _change_pct(new: Decimal, old: Decimal) -> str | None:
    return None if not old else str(((new - old) / old * 100).quantize(Decimal("0.1")))


@agent_tool(
    agent="assistant", offline=Hooks("sales", lambda t, lang, turn: {"period": t}, answers.render_summary)
)
@tool
def sales_summary(period: str, runtime: ToolRuntime[AgentContext]) -> dict:
    """Revenue, paid orders, average cart, refunds and conversion for a period the owner names
    in words or dates (e.g. "last week", "oktober", "2026-10-01 to 2026-10-15")."""
    with tenant_scope(runtime):
        result = _summary(parse_period(period, _today(runtime)))
        result["notes"] = _notes("day", "dan", "season", "sezon")
        return {"kind": "summary", **result}


@agent_tool(
    agent="assistant", offline=Hooks("compare", lambda t, lang, turn: {"periods": t}, answers.render_compare)
)
@tool
def sales_compare(periods: str, runtime: ToolRuntime[AgentContext]) -> dict:
    """Compare two periods ("October with September", "this week vs last week"). With one period
    it is compared with the one before it, or with the same period last year if asked."""
    with tenant_scope(runtime):
        today = _today(runtime)
        found = find_periods(periods, today)
        first = found[0] if found else parse_period("this month", today)
        last_year_asked = any(word in periods.lower() for word in ("last year", "lani", "lansk", "year ago"))
        if last_year_asked and (len(found) < 2 or found[1].key == "last_year"):
            # "this month vs the same month last year", "ta mesec z istim mesecem lani"
            second = same_period_last_year(first)
        elif len(found) >= 2:
            second = found[1]
        else:
            second = first.previous()
        a, b = _summary(first), _summary(second)
        revenue_a, revenue_b = Decimal(a["revenue"]), Decimal(b["revenue"])
        return {
            "kind": "compare",
            "a": a,
            "b": b,
            "revenue_change": str(revenue_a - revenue_b),
            "revenue_change_pct": _change_pct(revenue_a, revenue_b),
            "orders_change": a["orders_count"] - b["orders_count"],
        }


@agent_tool(
    agent="assistant",
    offline=Hooks(
        "products",
        lambda t, lang, turn: {"period": t, "worst": wants_worst(t), "limit": limit_in(t)},
        answers.render_products,
    ),
)
@tool
def product_ranking(
    period: str, runtime: ToolRuntime[AgentContext], worst: bool = False, limit: int = 5
) -> dict:
    """Best-selling (or, with worst=True, worst-selling) products by paid revenue in a period."""
    with tenant_scope(runtime):
        parsed = parse_period(period, _today(runtime))
        products = selectors.product_sales(start=parsed.start, end=parsed.end, worst=worst, limit=limit)
        return {"kind": "products", "worst": worst, "period": _period_dict(parsed), "products": products}


def _trend_period(text: str, today: date) -> Period:
    found = find_periods(text, today)
    return found[0] if found else Period(today - timedelta(days=29), today, "last_30_days")


@agent_tool(
    agent="assistant", offline=Hooks("trend", lambda t, lang, turn: {"period": t}, answers.render_trend)
)
@tool
def sales_trend(period: str, runtime: ToolRuntime[AgentContext]) -> dict:
    """Whether sales go up or down over a period (default: the last 30 days): first half vs
    second half of the period, the best day and the strongest weekday."""
    with tenant_scope(runtime):
        parsed = _trend_period(period, _today(runtime))
        series = selectors.daily_series(start=parsed.start, end=parsed.end)
        half = len(series) // 2
        first = sum((Decimal(day["revenue"]) for day in series[:half]), Decimal("0"))
        second = sum((Decimal(day["revenue"]) for day in series[half:]), Decimal("0"))
        change = _change_pct(second, first)
        direction = (
            "flat" if change is None or abs(Decimal(change)) < 5 else ("up" if second > first else "down")
        )
        by_weekday: dict[int, Decimal] = {}
        for day in series:
            weekday = date.fromisoformat(day["day"]).weekday()
            by_weekday[weekday] = by_weekday.get(weekday, Decimal("0")) + Decimal(day["revenue"])
        best = max(series, key=lambda day: Decimal(day["revenue"]), default=None)
        strongest = max(by_weekday, key=by_weekday.get) if any(by_weekday.values()) else None
        return {
            "kind": "trend",
            "period": _period_dict(parsed),
            "series": series,
            "first_half_revenue": str(first),
            "second_half_revenue": str(second),
            "change_pct": change,
            "direction": direction,
            "best_day": best if best and Decimal(best["revenue"]) > 0 else None,
            "busiest_weekday": {lang: WEEKDAYS[lang][strongest] for lang in WEEKDAYS}
            if strongest is not None
            else None,
            "notes": _notes("day", "dan", "busiest", "obremenjen", "prometen"),
        }


@agent_tool(
    agent="assistant",
    offline=Hooks("anomalies", lambda t, lang, turn: {"period": t}, answers.render_anomalies),
)
@tool
def sales_anomalies(period: str, runtime: ToolRuntime[AgentContext]) -> dict:
    """Days whose revenue is unusually high or low (more than two standard deviations from the
    period's daily mean; default period: the last 30 days)."""
    with tenant_scope(runtime):
        parsed = _trend_period(period, _today(runtime))
        series = selectors.daily_series(start=parsed.start, end=parsed.end)
        values = [Decimal(day["revenue"]) for day in series]
        average = mean(values) if values else Decimal("0")
        spread = pstdev(values) if len(values) > 1 else Decimal("0")
        anomalies = [
            {**day, "direction": "high" if Decimal(day["revenue"]) > average else "low"}
            for day in series
            if spread and abs(Decimal(day["revenue"]) - average) > 2 * spread
        ]
        return {
            "kind": "anomalies",
            "period": _period_dict(parsed),
            "mean_daily_revenue": str(Decimal(average).quantize(Decimal("0.01"))),
            "std_daily_revenue": str(Decimal(spread).quantize(Decimal("0.01"))),
            "anomalies": anomalies,
        }


@agent_tool(
    agent="assistant",
    offline=Hooks(
        "low_stock", lambda t, lang, turn: {"threshold": threshold_in(t)}, answers.render_low_stock
    ),
)
@tool
def stock_low(runtime: ToolRuntime[AgentContext], threshold: int = 5) -> dict:
    """Active products with stock at or below the threshold (default 5)."""
    with tenant_scope(runtime):
        threshold = max(0, min(int(threshold), 100000))
        return {
            "kind": "low_stock",
            "threshold": threshold,
            "products": selectors.low_stock(threshold=threshold),
        }


@agent_tool(
    agent="assistant",
    offline=Hooks("missing_descriptions", lambda t, lang, turn: {}, answers.render_missing_descriptions),
)
@tool
def products_missing_description(runtime: ToolRuntime[AgentContext]) -> dict:
    """Active products that have no description yet."""
    with tenant_scope(runtime):
        count, products = selectors.products_without_description()
        return {"kind": "missing_descriptions", "count": count, "products": products}


# The remaining tools (leads, bookings, memory, proposals) live in their own module; importing it
# here registers them, since the registry autodiscovers only `tools` modules.
from assistant import tools_owner  # noqa: E402, F401
