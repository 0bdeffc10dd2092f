from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from assistant.analytics import analytics_backfill, analytics_rollup, analytics_rollup_recent, local_today
from assistant.models import AnalyticsDaily, DailyTraffic
from tests.assistant.helpers import LJ, local, order, product


@pytest.fixture
def shop(tenant_a, in_tenant):
    with in_tenant(tenant_a):
        yield {"shirt": product("Shirt"), "cap": product("Cap")}


def test_day_figures_exclude_refunds_and_cancellations(shop):
    shirt, cap = shop["shirt"], shop["cap"]
    order(local(2026, 11, 3, 10), [(shirt, 2, "19.90")])  # 39.80
    order(local(2026, 11, 3, 12), [(cap, 1, "12.50"), (shirt, 1, "19.90")])  # 32.40
    order(local(2026, 11, 3, 13), [(cap, 4, "12.50")], status="refunded")  # 50.00
    order(local(2026, 11, 3, 14), [(cap, 1, "12.50")], status="cancelled")
    analytics_rollup(start=date(2026, 11, 3), end=date(2026, 11, 3))
    row = AnalyticsDaily.objects.get(day=date(2026, 11, 3))
    assert (row.revenue, row.orders_count, row.avg_cart) == (Decimal("72.20"), 2, Decimal("36.10"))
    assert (row.refunds_count, row.refunds_amount, row.cancelled_count) == (1, Decimal("50.00"), 1)
    assert [(p["name"], p["quantity"], p["revenue"]) for p in row.top_products] == [
        ("Shirt", 3, "59.70"),
        ("Cap", 1, "12.50"),
    ]


def test_zero_day_gets_a_zero_row(shop):
    order(local(2026, 11, 1, 10), [(shop["cap"], 1, "12.50")])
    order(local(2026, 11, 3, 10), [(shop["cap"], 1, "12.50")])
    assert analytics_rollup(start=date(2026, 11, 1), end=date(2026, 11, 3)) == 3
    row = AnalyticsDaily.objects.get(day=date(2026, 11, 2))
    assert (row.revenue, row.orders_count, row.avg_cart, row.top_products) == (Decimal("0"), 0, None, [])
    assert (row.visits, row.conversion, row.abandoned_carts) == (None, None, None)


def test_rerun_gives_one_identical_row(shop):
    order(local(2026, 11, 3, 10), [(shop["shirt"], 2, "19.90")])
    analytics_rollup(start=date(2026, 11, 3), end=date(2026, 11, 3))
    fields = ["day", "revenue", "orders_count", "avg_cart", "conversion", "top_products", "refunds_amount"]
    first = list(AnalyticsDaily.objects.values(*fields))
    analytics_rollup(start=date(2026, 11, 3), end=date(2026, 11, 3))
    assert list(AnalyticsDaily.objects.values(*fields)) == first
    assert AnalyticsDaily.objects.count() == 1


def test_rerun_after_a_refund_updates_the_same_row(shop):
    sold = order(local(2026, 11, 3, 10), [(shop["shirt"], 1, "19.90")])
    analytics_rollup(start=date(2026, 11, 3), end=date(2026, 11, 3))
    sold.status = "refunded"
    sold.save()
    analytics_rollup(start=date(2026, 11, 3), end=date(2026, 11, 3))
    row = AnalyticsDaily.objects.get()
    assert (row.revenue, row.orders_count, row.refunds_amount) == (Decimal("0"), 0, Decimal("19.90"))


def test_spring_dst_day_has_23_hours_of_orders(shop):
    cap = shop["cap"]
    order(datetime(2026, 3, 28, 22, 59, tzinfo=UTC), [(cap, 1, "1.00")])  # 28 Mar 23:59 local
    order(datetime(2026, 3, 28, 23, 0, tzinfo=UTC), [(cap, 1, "2.00")])  # 29 Mar 00:00 CET
    order(datetime(2026, 3, 29, 21, 59, tzinfo=UTC), [(cap, 1, "4.00")])  # 29 Mar 23:59 CEST
    order(datetime(2026, 3, 29, 22, 0, tzinfo=UTC), [(cap, 1, "8.00")])  # 30 Mar 00:00 CEST
    analytics_rollup(start=date(2026, 3, 28), end=date(2026, 3, 30))
    revenue = dict(AnalyticsDaily.objects.values_list("day", "revenue"))
    assert revenue == {
        date(2026, 3, 28): Decimal("1.00"),
        date(2026, 3, 29): Decimal("6.00"),
        date(2026, 3, 30): Decimal("8.00"),
    }


def test_autumn_dst_day_has_25_hours_of_orders(shop):
    cap = shop["cap"]
    order(datetime(2026, 10, 24, 21, 59, tzinfo=UTC), [(cap, 1, "1.00")])  # 24 Oct 23:59 CEST
    order(datetime(2026, 10, 24, 22, 0, tzinfo=UTC), [(cap, 1, "2.00")])  # 25 Oct 00:00 CEST
    order(datetime(2026, 10, 25, 0, 30, tzinfo=UTC), [(cap, 1, "4.00")])  # 02:30 CEST (first)
    order(datetime(2026, 10, 25, 1, 30, tzinfo=UTC), [(cap, 1, "8.00")])  # 02:30 CET (repeated hour)
    order(datetime(2026, 10, 25, 22, 59, tzinfo=UTC), [(cap, 1, "16.00")])  # 25 Oct 23:59 CET
    order(datetime(2026, 10, 25, 23, 0, tzinfo=UTC), [(cap, 1, "32.00")])  # 26 Oct 00:00 CET
    analytics_rollup(start=date(2026, 10, 24), end=date(2026, 10, 26))
    rows = {r.day: (r.revenue, r.orders_count) for r in AnalyticsDaily.objects.all()}
    assert rows == {
        date(2026, 10, 24): (Decimal("1.00"), 1),
        date(2026, 10, 25): (Decimal("30.00"), 4),
        date(2026, 10, 26): (Decimal("32.00"), 1),
    }


def test_conversion_and_abandoned_carts_come_only_from_ingested_traffic(shop):
    for hour in (9, 10, 11):
        order(local(2026, 11, 4, hour), [(shop["cap"], 1, "12.50")])
    DailyTraffic.objects.create(day=date(2026, 11, 4), visits=200, abandoned_carts=7)
    analytics_rollup(start=date(2026, 11, 4), end=date(2026, 11, 5))
    day4, day5 = AnalyticsDaily.objects.order_by("day")
    assert (day4.visits, day4.conversion, day4.abandoned_carts) == (200, Decimal("0.015000"), 7)
    assert (day5.visits, day5.conversion, day5.abandoned_carts) == (None, None, None)


def test_backfill_covers_first_order_to_today_in_one_statement(shop):
    order(local(2026, 1, 1, 10), [(shop["cap"], 1, "12.50")])
    written = analytics_backfill()
    today = local_today("Europe/Ljubljana")
    assert written == (today - date(2026, 1, 1)).days + 1
    assert AnalyticsDaily.objects.get(day=date(2026, 1, 1)).revenue == Decimal("12.50")


def test_incremental_rolls_up_yesterday_and_today(shop):
    assert analytics_rollup_recent() == 2
    assert AnalyticsDaily.objects.filter(day=local_today("Europe/Ljubljana")).exists()


def test_rollup_follows_the_account_timezone(shop, tenant_a):
    order(datetime(2026, 11, 3, 23, 30, tzinfo=UTC), [(shop["cap"], 1, "5.00")])
    analytics_rollup(start=date(2026, 11, 3), end=date(2026, 11, 4), tz="America/New_York")
    assert AnalyticsDaily.objects.get(day=date(2026, 11, 3)).revenue == Decimal("5.00")
    analytics_rollup(start=date(2026, 11, 3), end=date(2026, 11, 4))  # account zone: Ljubljana
    assert AnalyticsDaily.objects.get(day=date(2026, 11, 4)).revenue == Decimal("5.00")


def test_rollup_refuses_a_reversed_range(shop):
    with pytest.raises(ValueError):
        analytics_rollup(start=date(2026, 11, 4), end=date(2026, 11, 3))


def test_nightly_fan_out_rolls_up_each_tenant_in_its_own_schema(tenant_a, tenant_b, in_tenant):
    import assistant.tasks  # noqa: F401  (registers the task by name, as a worker's autodiscovery does)
    from accounts.tasks import tenant_fan_out

    with in_tenant(tenant_a):
        order(local_now_minus_hours(1), [(product("Mug"), 1, "7.00")])
    sent = tenant_fan_out("assistant.analytics_rollup_recent", [], {}, ["assistant", "core"])
    assert {"alpha", "beta"} <= set(sent)
    today = local_today("Europe/Ljubljana")
    with in_tenant(tenant_a):
        assert AnalyticsDaily.objects.get(day=today).revenue == Decimal("7.00")
    with in_tenant(tenant_b):
        assert AnalyticsDaily.objects.get(day=today).revenue == Decimal("0")


def local_now_minus_hours(hours: int) -> datetime:
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    # Stay inside today's local day even just after midnight.
    start_of_day = datetime.combine(local_today("Europe/Ljubljana"), datetime.min.time(), LJ)
    return max(now - timedelta(hours=hours), start_of_day)


def test_rollup_command_backfills_one_account(shop, tenant_a):
    from io import StringIO

    from django.core.management import call_command

    order(local(2026, 10, 2, 12), [(shop["cap"], 2, "5.00")])
    out = StringIO()
    call_command("assistant_rollup", "alpha", "--from", "2026-10-01", "--to", "2026-10-03", stdout=out)
    assert out.getvalue().strip() == "alpha: 3 days rolled up"
    assert AnalyticsDaily.objects.get(day=date(2026, 10, 2)).revenue == Decimal("10.00")


def test_nightly_task_corrects_a_refund_of_three_weeks_ago(shop):
    from datetime import timedelta

    from assistant.tasks import analytics_rollup_recent_task

    day = local_today("Europe/Ljubljana") - timedelta(days=21)
    sold = order(local(day.year, day.month, day.day, 12), [(shop["cap"], 1, "12.50")])
    analytics_rollup_recent_task.delay()
    assert AnalyticsDaily.objects.get(day=day).revenue == Decimal("12.50")
    sold.status = "refunded"
    sold.save()
    analytics_rollup_recent_task.delay()
    assert AnalyticsDaily.objects.get(day=day).revenue == Decimal("0")
