"""Token metering: usage per (account, agent, month) and the monthly tier quota.

Writes are single atomic statements (INSERT ... ON CONFLICT DO UPDATE SET x = x + EXCLUDED.x) so
two workers finishing turns for the same account at once both count; a read-modify-write in
Python would lose one of them.
"""

from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.utils import timezone

from features.registry import TIER_MONTHLY_TOKENS
from llm.models import TokenUsage


def month_start(today: date | None = None) -> date:
    today = today or timezone.now().date()
    return today.replace(day=1)


def record_usage(
    *, account, agent: str, input_tokens: int, output_tokens: int, calls: int = 1, fallbacks: int = 0
) -> None:
    """Add one turn's (or call's) tokens to this month's row, creating it on first use."""
    if account is None or getattr(account, "pk", None) is None:
        return
    table = TokenUsage._meta.db_table
    # Counters, not money: outside a caller's transaction the statement runs with
    # synchronous_commit off (set_config(..., true) is local to this one-statement transaction),
    # so a chat turn does not wait for a WAL flush; a database crash could lose the last fraction
    # of a second of counts, never corrupt them. Inside a caller's transaction we leave its
    # durability alone.
    source = (
        "FROM (SELECT set_config('synchronous_commit', 'off', true)) AS cfg"
        if not connection.in_atomic_block
        else ""
    )
    # The table is in the public schema; qualify it so this works from inside a tenant context.
    sql = (
        f'INSERT INTO public."{table}" (account_id, agent, month, input_tokens, output_tokens, calls, '
        f"fallbacks, updated_at) SELECT %s, %s, %s, %s, %s, %s, %s, NOW() {source} "
        "ON CONFLICT (account_id, agent, month) DO UPDATE SET "
        f'input_tokens = "{table}".input_tokens + EXCLUDED.input_tokens, '
        f'output_tokens = "{table}".output_tokens + EXCLUDED.output_tokens, '
        f'calls = "{table}".calls + EXCLUDED.calls, '
        f'fallbacks = "{table}".fallbacks + EXCLUDED.fallbacks, updated_at = NOW()'
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                account.pk,
                agent,
                month_start(),
                max(0, int(input_tokens)),
                max(0, int(output_tokens)),
                max(0, int(calls)),
                max(0, int(fallbacks)),
            ],
        )


@dataclass(frozen=True)
class UsageSummary:
    month: date
    input_tokens: int
    output_tokens: int
    calls: int
    fallbacks: int
    quota: int | None
    by_agent: dict

    @property
    def total_tokens(self) -> int:
        return self.input_tokens + self.output_tokens

    @property
    def percent(self) -> int | None:
        if not self.quota:
            return None
        return min(999, round(100 * self.total_tokens / self.quota))

    @property
    def over_quota(self) -> bool:
        return self.quota is not None and self.total_tokens >= self.quota

    @property
    def near_quota(self) -> bool:
        return self.quota is not None and not self.over_quota and self.total_tokens >= 0.8 * self.quota


def monthly_quota(account) -> int | None:
    return TIER_MONTHLY_TOKENS.get(account.subscription_tier)


def usage_summary(account, month: date | None = None) -> UsageSummary:
    month = month or month_start()
    rows = list(
        TokenUsage.objects.filter(account_id=account.pk, month=month).values(
            "agent", "input_tokens", "output_tokens", "calls", "fallbacks"
        )
    )
    by_agent = {row["agent"]: row["input_tokens"] + row["output_tokens"] for row in rows}
    return UsageSummary(
        month=month,
        input_tokens=sum(row["input_tokens"] for row in rows),
        output_tokens=sum(row["output_tokens"] for row in rows),
        calls=sum(row["calls"] for row in rows),
        fallbacks=sum(row["fallbacks"] for row in rows),
        quota=monthly_quota(account),
        by_agent=by_agent,
    )


def quota_exceeded(account) -> bool:
    """True once this month's tokens (all agents together) reach the tier's quota."""
    quota = monthly_quota(account)
    if quota is None:
        return False
    return usage_summary(account).total_tokens >= quota
