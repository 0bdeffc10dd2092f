"""Pure modules: charts escape what they draw; periods parse sl/en phrases."""

from datetime import date

from assistant.charts import bar_chart, line_chart
from assistant.intents import primary_intent
from assistant.periods import find_periods

TODAY = date(2026, 11, 25)  # a Wednesday


def test_chart_labels_are_escaped_and_empty_series_draw_nothing():
    svg = bar_chart([("<script>x</script>", "12.50")], title="Top & more")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "Top &amp; more" in svg
    assert line_chart([], title="x") == ""
    assert line_chart([("2026-11-01", None), ("2026-11-02", "3.00")], title="t").count("<circle") == 2


def _keys(text: str) -> list[tuple[str, str]]:
    return [(p.start.isoformat(), p.end.isoformat()) for p in find_periods(text, TODAY)]


def test_periods_in_both_languages():
    assert _keys("prejšnji teden") == _keys("last week") == [("2026-11-16", "2026-11-22")]
    assert _keys("primerjaj oktober in september") == [
        ("2026-10-01", "2026-10-31"),
        ("2026-09-01", "2026-09-30"),
    ]
    assert _keys("novembra lani") == [("2025-11-01", "2025-11-30")]
    assert _keys("od 1. 10. 2026 do 15. 10. 2026") == [("2026-10-01", "2026-10-15")]
    assert _keys("zadnjih 7 dni") == [("2026-11-19", "2026-11-25")]
    assert _keys("may I ask something") == []
    assert _keys("december") == [("2025-12-01", "2025-12-31")]  # the latest December that has started


def test_previous_period_of_a_month_to_date_has_the_same_days():
    [this_month] = find_periods("this month", TODAY)
    previous = this_month.previous()
    assert (previous.start, previous.end) == (date(2026, 10, 1), date(2026, 10, 25))


def test_the_more_specific_intent_wins():
    assert primary_intent("Which products sell best this month?") == "products"
    assert primary_intent("Kateri izdelki imajo nizko zalogo?") == "low_stock"
    assert primary_intent("Primerjaj prodajo oktober in september") == "compare"
    assert primary_intent("Koliko smo prodali včeraj?") == "sales"
    assert primary_intent("What's the weather like?") is None
