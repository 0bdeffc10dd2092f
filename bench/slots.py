"""Slot computation time: 30 days × 10 staff with 1,000 existing bookings.

    DATABASE_URL=postgres://... .venv/bin/python bench/slots.py [--repeat 5]

Prints two numbers:

- engine: the pure slot engine (booking.slots) over in-memory rules and busy intervals: every
  staff member's free slots for every one of 30 days (the cost the engine itself adds);
- selector: `booking.selectors.available_slots` for 30 days × "any staff" against PostgreSQL in a
  throwaway account (one query set per day: rules, bookings, imported busy time + the engine);

plus one "day for one staff member" query, what a booking page request costs. The account is
dropped at the end.
"""

import argparse
import random
import secrets
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import django_setup, percentile  # noqa: E402

DAYS, STAFF, BOOKINGS = 30, 10, 1_000
TZ = ZoneInfo("Europe/Ljubljana")
RULES = {
    "weekly": {
        day: [{"start": "08:00", "end": "12:00"}, {"start": "13:00", "end": "19:00"}]
        for day in ("mon", "tue", "wed", "thu", "fri", "sat")
    },
    "buffer_after": 10,
    "min_notice": 0,
    "max_days_ahead": 90,
    "slot_interval": 15,
}


def _bookings(first_day: date, rng: random.Random) -> list[tuple[int, datetime, datetime]]:
    """1,000 non-overlapping 45-minute bookings spread over staff and days."""
    taken: set[tuple[int, date, int]] = set()
    rows = []
    while len(rows) < BOOKINGS:
        staff, offset, quarter = rng.randrange(STAFF), rng.randrange(DAYS), rng.randrange(4 * 8, 4 * 18)
        day = first_day + timedelta(days=offset)
        if day.weekday() == 6 or any((staff, day, quarter + k) in taken for k in range(-4, 5)):
            continue
        taken.add((staff, day, quarter))
        start = datetime(day.year, day.month, day.day, quarter // 4, 15 * (quarter % 4), tzinfo=TZ)
        rows.append((staff, start.astimezone(UTC), (start + timedelta(minutes=45)).astimezone(UTC)))
    return rows


def bench_engine(first_day: date, rows, repeat: int) -> list[float]:
    from booking.rules import effective_rules
    from booking.slots import StaffAvailability, any_staff_slots

    rules = effective_rules(RULES)
    members = [
        StaffAvailability(i, rules, [(s, e) for staff, s, e in rows if staff == i], []) for i in range(STAFF)
    ]
    now = datetime.combine(first_day, datetime.min.time(), tzinfo=TZ) - timedelta(hours=1)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        total = 0
        for offset in range(DAYS):
            total += len(
                any_staff_slots(
                    staff=members,
                    day=first_day + timedelta(days=offset),
                    duration=timedelta(minutes=45),
                    now=now,
                    tz=TZ,
                )  # fmt: skip
            )
        times.append(time.perf_counter() - start)
    print(f"engine:   {DAYS} days x {STAFF} staff, {len(rows)} bookings -> {total} free 'any staff' slots")
    return times


def bench_selector(first_day: date, rows, repeat: int) -> tuple[list[float], list[float]]:
    from booking import selectors, services
    from booking.models import Booking

    services.rules_save(rules=RULES)
    service = services.service_save(name="Bench service", duration_min=45, price="30")
    staff = [services.staff_save(name=f"Staff {i}", services=[service]) for i in range(STAFF)]
    Booking.objects.bulk_create(
        Booking(service=service, staff=staff[i], customer_name="Bench", slot_from=s, slot_to=e, source="web")
        for i, s, e in rows
    )
    whole, single = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        for offset in range(DAYS):
            selectors.available_slots(service=service, day=first_day + timedelta(days=offset))
        whole.append(time.perf_counter() - start)
        start = time.perf_counter()
        selectors.available_slots(service=service, day=first_day + timedelta(days=3), staff=staff[0])
        single.append(time.perf_counter() - start)
    return whole, single


def _report(label: str, values: list[float]) -> None:
    print(
        f"{label:<42} p50 {percentile(values, 50) * 1000:8.1f} ms   "
        f"min {min(values) * 1000:8.1f} ms   max {max(values) * 1000:8.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    django_setup()
    from django_tenants.utils import tenant_context

    from accounts.services import account_create, account_delete

    rng = random.Random(7)
    first_day = date.today() + timedelta(days=1)
    rows = _bookings(first_day, rng)
    _report("engine: 30 days x 10 staff (any staff)", bench_engine(first_day, rows, args.repeat))
    account = account_create(
        slug=f"bench_slots_{secrets.token_hex(3)}", name="Bench slots", tier="enterprise"
    ).account
    try:
        with tenant_context(account):
            whole, single = bench_selector(first_day, rows, args.repeat)
        _report("selector: 30 days x 10 staff (PostgreSQL)", whole)
        _report("selector: one day, one staff member", single)
    finally:
        account_delete(account=account)


if __name__ == "__main__":
    main()
