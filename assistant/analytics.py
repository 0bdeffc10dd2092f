"""The daily analytics rollup: ANALYTICS_DAILY computed in SQL from the shop's orders.

One set-based statement rolls up any range of local days (the account's time zone): it groups
orders by `(created_at AT TIME ZONE tz)::date`, so DST days have 23 or 25 hours of orders and
every order lands on the calendar day the shop owner saw it. Days without orders still get a
row (generate_series), and `INSERT ... ON CONFLICT (day) DO UPDATE` makes a re-run rewrite the
same row instead of adding one. Definitions of every figure: docs/assistant.md.

Runs in the current connection's schema (the tenant); call it inside tenant_context.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.utils import timezone

TOP_PRODUCTS = 5
MAX_BACKFILL_DAYS = 3660
# Nightly window: a refund or a late-synced order of the last five weeks corrects its day.
NIGHTLY_DAYS = 35

_ROLLUP_SQL = """
WITH days AS (
    SELECT d::date AS day
    FROM generate_series(%(start)s::date, %(end)s::date, interval '1 day') AS d
),
orders AS (
    SELECT (created_at AT TIME ZONE %(tz)s)::date AS day,
           count(*) FILTER (WHERE status = 'paid') AS orders_count,
           coalesce(sum(total) FILTER (WHERE status = 'paid'), 0) AS revenue,
           count(*) FILTER (WHERE status = 'refunded') AS refunds_count,
           coalesce(sum(total) FILTER (WHERE status = 'refunded'), 0) AS refunds_amount,
           count(*) FILTER (WHERE status = 'cancelled') AS cancelled_count
    FROM shop_order
    WHERE created_at >= (%(start)s::date::timestamp AT TIME ZONE %(tz)s)
      AND created_at < ((%(end)s::date + 1)::timestamp AT TIME ZONE %(tz)s)
    GROUP BY 1
),
lines AS (
    SELECT (o.created_at AT TIME ZONE %(tz)s)::date AS day,
           coalesce(nullif(i.product_external_id, ''), 'id:' || i.product_id::text, i.name) AS item_key,
           max(i.product_id) AS product_id,
           max(i.product_external_id) AS external_id,
           max(i.name) AS name,
           sum(i.quantity) AS quantity,
           sum(i.quantity * i.unit_price) AS revenue
    FROM shop_orderitem i
    JOIN shop_order o ON o.id = i.order_id
    WHERE o.status = 'paid'
      AND o.created_at >= (%(start)s::date::timestamp AT TIME ZONE %(tz)s)
      AND o.created_at < ((%(end)s::date + 1)::timestamp AT TIME ZONE %(tz)s)
    GROUP BY 1, 2
),
ranked AS (
    SELECT lines.*,
           row_number() OVER (PARTITION BY day ORDER BY revenue DESC, quantity DESC, item_key) AS rank
    FROM lines
),
top AS (
    SELECT day,
           jsonb_agg(jsonb_build_object(
               'product_id', product_id, 'external_id', external_id, 'name', name,
               'quantity', quantity, 'revenue', revenue::text
           ) ORDER BY rank) AS top_products
    FROM ranked
    WHERE rank <= %(top)s
    GROUP BY day
)
INSERT INTO assistant_analyticsdaily (
    day, revenue, orders_count, avg_cart, conversion, visits, abandoned_carts,
    refunds_count, refunds_amount, cancelled_count, top_products, computed_at
)
SELECT days.day,
       coalesce(orders.revenue, 0),
       coalesce(orders.orders_count, 0),
       CASE WHEN orders.orders_count > 0 THEN round(orders.revenue / orders.orders_count, 2) END,
       CASE WHEN traffic.visits > 0
            THEN round(coalesce(orders.orders_count, 0)::numeric / traffic.visits, 6) END,
       traffic.visits,
       traffic.abandoned_carts,
       coalesce(orders.refunds_count, 0),
       coalesce(orders.refunds_amount, 0),
       coalesce(orders.cancelled_count, 0),
       coalesce(top.top_products, '[]'::jsonb),
       %(now)s
FROM days
LEFT JOIN orders ON orders.day = days.day
LEFT JOIN top ON top.day = days.day
LEFT JOIN assistant_dailytraffic traffic ON traffic.day = days.day
ON CONFLICT (day) DO UPDATE SET
    revenue = EXCLUDED.revenue,
    orders_count = EXCLUDED.orders_count,
    avg_cart = EXCLUDED.avg_cart,
    conversion = EXCLUDED.conversion,
    visits = EXCLUDED.visits,
    abandoned_carts = EXCLUDED.abandoned_carts,
    refunds_count = EXCLUDED.refunds_count,
    refunds_amount = EXCLUDED.refunds_amount,
    cancelled_count = EXCLUDED.cancelled_count,
    top_products = EXCLUDED.top_products,
    computed_at = EXCLUDED.computed_at
"""


def current_account():
    """The Account of the current schema. schema_context() sets a bare FakeTenant (no fields),
    so the row (public schema) is read then; None in the public schema."""
    from accounts.models import Account

    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, Account):
        return tenant
    return Account.objects.filter(schema_name=connection.schema_name, is_template=False).first()


def account_timezone() -> str:
    account = current_account()
    return getattr(account, "timezone", None) or "Europe/Ljubljana"


def local_today(tz: str | None = None) -> date:
    return timezone.now().astimezone(ZoneInfo(tz or account_timezone())).date()


def analytics_rollup(*, start: date, end: date, tz: str | None = None) -> int:
    """Recompute ANALYTICS_DAILY for every local day in [start, end] in one statement.

    Returns the number of day rows written. Re-running gives identical figures (only
    computed_at changes)."""
    if end < start:
        raise ValueError("The end day is before the start day.")
    if (end - start).days + 1 > MAX_BACKFILL_DAYS:
        raise ValueError(f"Roll up at most {MAX_BACKFILL_DAYS} days at a time.")
    tz = tz or account_timezone()
    ZoneInfo(tz)  # an unknown zone fails here with a clear error, not inside PostgreSQL
    params = {"start": start, "end": end, "tz": tz, "top": TOP_PRODUCTS, "now": timezone.now()}
    # One statement: concurrent rollups of overlapping days serialise on the unique index and
    # the later one wins with the same figures, so no explicit lock is needed.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_ROLLUP_SQL, params)
        return cursor.rowcount


def analytics_backfill(*, start: date | None = None, end: date | None = None) -> int:
    """Roll up a range; by default from the first order's local day to today."""
    tz = account_timezone()
    end = end or local_today(tz)
    if start is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT min((created_at AT TIME ZONE %s)::date) FROM shop_order", [tz])
            start = cursor.fetchone()[0] or end
    return analytics_rollup(start=start, end=end, tz=tz)


def analytics_rollup_recent(*, days: int = 2) -> int:
    """The incremental run: the last `days` local days up to today (default yesterday + today).
    The nightly task uses NIGHTLY_DAYS so refunds and late-synced orders of recent weeks land in
    their days too."""
    tz = account_timezone()
    today = local_today(tz)
    return analytics_rollup(start=today - timedelta(days=max(1, days) - 1), end=today, tz=tz)


def analytics_ensure(*, start: date, end: date) -> None:
    """Make the rows of [start, end] present and current before they are read: missing days and
    the still-open days (yesterday, today) are rolled up; future days are left alone."""
    tz = account_timezone()
    today = local_today(tz)
    end = min(end, today)
    if end < start:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT min(d::date) FROM generate_series(%s::date, %s::date, interval '1 day') d "
            "WHERE NOT EXISTS (SELECT 1 FROM assistant_analyticsdaily a WHERE a.day = d::date)",
            [start, end],
        )
        first_missing = cursor.fetchone()[0]
    candidates = [day for day in (first_missing, today - timedelta(days=1)) if day is not None]
    from_day = max(start, min(candidates))
    if from_day <= end:
        analytics_rollup(start=from_day, end=end, tz=tz)


def local_day_bounds(day: date, tz: str) -> tuple[datetime, datetime]:
    """[start, end) of a local day as aware datetimes (23 or 25 hours on DST days)."""
    zone = ZoneInfo(tz)
    start = datetime.combine(day, datetime.min.time(), zone)
    end = datetime.combine(day + timedelta(days=1), datetime.min.time(), zone)
    return start, end
