"""The availability rules format (AVAILABILITY_RULES.rules): validation, defaults and merging.

Pure module, no ORM. A rules document is JSON; every key is optional::

    {
      "weekly": {"mon": [{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "17:00"}],
                 "tue": [...], ..., "sun": []},
      "overrides": {"2026-12-24": [{"start": "09:00", "end": "12:00"}], "2026-12-31": []},
      "holidays": ["2026-12-25", "2026-12-26"],
      "buffer_before": 0, "buffer_after": 10,      # minutes around every booking
      "min_notice": 120,                           # minutes between "now" and the earliest start
      "max_days_ahead": 60,                        # booking horizon in days (shop's local dates)
      "slot_interval": 15,                         # minutes between start times; null = service duration
      "max_bookings_per_day": null                 # per staff member; null = no limit
    }

Times are the shop's local wall-clock times ("HH:MM", "24:00" allowed as an end). An override's
empty list closes that date. Account-level rules apply to everyone; a staff member's rules win
key by key (`overrides` merge per date, staff first; `holidays` are the union of both levels).

Invalid documents raise RulesError whose messages name the field, e.g.
"weekly.mon[1].end: must be after start".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TIME_RE = re.compile(r"^(\d{2}):(\d{2})$")

DEFAULTS: dict[str, Any] = {
    "weekly": {
        day: ([{"start": "09:00", "end": "17:00"}] if day not in ("sat", "sun") else []) for day in WEEKDAYS
    },
    "overrides": {},
    "holidays": [],
    "buffer_before": 0,
    "buffer_after": 0,
    "min_notice": 60,
    "max_days_ahead": 60,
    "slot_interval": None,
    "max_bookings_per_day": None,
}

# (minimum, maximum) of every integer minute/day setting.
_INT_LIMITS: dict[str, tuple[int, int]] = {
    "buffer_before": (0, 8 * 60),
    "buffer_after": (0, 8 * 60),
    "min_notice": (0, 90 * 24 * 60),
    "max_days_ahead": (1, 730),
    "slot_interval": (5, 24 * 60),
    "max_bookings_per_day": (1, 1000),
}
_NULLABLE = {"slot_interval", "max_bookings_per_day"}


class RulesError(ValueError):
    """Invalid rules; `errors` is a list of "field.path: message" strings."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors))


# A working range in minutes from local midnight: (start, end), end may be 1440.
Range = tuple[int, int]


@dataclass(frozen=True)
class Rules:
    """Effective, validated rules of one staff member (account rules merged in)."""

    weekly: dict[int, tuple[Range, ...]]  # 0 = Monday
    overrides: dict[date, tuple[Range, ...]] = field(default_factory=dict)
    holidays: frozenset[date] = frozenset()
    buffer_before: int = 0
    buffer_after: int = 0
    min_notice: int = 60
    max_days_ahead: int = 60
    slot_interval: int | None = None
    max_bookings_per_day: int | None = None

    def ranges_for(self, day: date) -> tuple[Range, ...]:
        """Working ranges of one local date: holidays close, then overrides, then the weekday."""
        if day in self.holidays:
            return ()
        if day in self.overrides:
            return self.overrides[day]
        return self.weekly.get(day.weekday(), ())


def _parse_time(value: Any, path: str, errors: list[str], *, allow_24: bool) -> int | None:
    if not isinstance(value, str) or not _TIME_RE.match(value):
        errors.append(f'{path}: must be a time "HH:MM"')
        return None
    hours, minutes = (int(part) for part in value.split(":"))
    if allow_24 and hours == 24 and minutes == 0:
        return 1440
    if hours > 23 or minutes > 59:
        errors.append(f"{path}: {value} is not a valid time")
        return None
    return hours * 60 + minutes


def _parse_date(value: Any, path: str, errors: list[str]) -> date | None:
    try:
        if not isinstance(value, str):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        errors.append(f'{path}: must be a date "YYYY-MM-DD"')
        return None


def _parse_ranges(value: Any, path: str, errors: list[str]) -> tuple[Range, ...]:
    if not isinstance(value, list):
        errors.append(f"{path}: must be a list of {{start, end}} ranges")
        return ()
    ranges: list[Range] = []
    for index, item in enumerate(value):
        item_path = f"{path}[{index}]"
        if not isinstance(item, dict):
            errors.append(f'{item_path}: must be an object {{"start": "HH:MM", "end": "HH:MM"}}')
            continue
        unknown = sorted(set(item) - {"start", "end"})
        if unknown:
            errors.append(f"{item_path}.{unknown[0]}: unknown field")
        if "start" not in item:
            errors.append(f"{item_path}.start: is required")
        if "end" not in item:
            errors.append(f"{item_path}.end: is required")
        if "start" not in item or "end" not in item:
            continue
        start = _parse_time(item["start"], f"{item_path}.start", errors, allow_24=False)
        end = _parse_time(item["end"], f"{item_path}.end", errors, allow_24=True)
        if start is None or end is None:
            continue
        if end <= start:
            errors.append(f"{item_path}.end: must be after start")
            continue
        for other_index, (other_start, other_end) in enumerate(ranges):
            if start < other_end and other_start < end:
                errors.append(f"{item_path}: overlaps {path}[{other_index}]")
                break
        ranges.append((start, end))
    return tuple(sorted(ranges))


def validate(data: Any) -> dict:
    """Check a (possibly partial) rules document; return it unchanged or raise RulesError."""
    _parse(data)
    return data


def _parse(data: Any) -> dict[str, Any]:
    """Parse a partial document into typed values (only the keys present)."""
    errors: list[str] = []
    if not isinstance(data, dict):
        raise RulesError(["rules: must be a JSON object"])
    parsed: dict[str, Any] = {}
    for key in data:
        if key not in DEFAULTS:
            errors.append(f"{key}: unknown field")
    if "weekly" in data:
        weekly = data["weekly"]
        if not isinstance(weekly, dict):
            errors.append("weekly: must be an object with keys mon..sun")
        else:
            parsed["weekly"] = {}
            for day_key, ranges in weekly.items():
                if day_key not in WEEKDAYS:
                    errors.append(f"weekly.{day_key}: unknown weekday (use {', '.join(WEEKDAYS)})")
                    continue
                parsed["weekly"][WEEKDAYS.index(day_key)] = _parse_ranges(ranges, f"weekly.{day_key}", errors)
    if "overrides" in data:
        overrides = data["overrides"]
        if not isinstance(overrides, dict):
            errors.append('overrides: must be an object {"YYYY-MM-DD": [ranges]}')
        else:
            parsed["overrides"] = {}
            for day_key, ranges in overrides.items():
                day = _parse_date(day_key, f"overrides.{day_key}", errors)
                value = _parse_ranges(ranges, f"overrides.{day_key}", errors)
                if day is not None:
                    parsed["overrides"][day] = value
    if "holidays" in data:
        holidays = data["holidays"]
        if not isinstance(holidays, list):
            errors.append('holidays: must be a list of "YYYY-MM-DD" dates')
        else:
            days = [_parse_date(value, f"holidays[{index}]", errors) for index, value in enumerate(holidays)]
            parsed["holidays"] = frozenset(day for day in days if day is not None)
    for key, (low, high) in _INT_LIMITS.items():
        if key not in data:
            continue
        value = data[key]
        if value is None and key in _NULLABLE:
            parsed[key] = None
        elif isinstance(value, bool) or not isinstance(value, int):
            errors.append(f"{key}: must be a whole number" + (" or null" if key in _NULLABLE else ""))
        elif not low <= value <= high:
            errors.append(f"{key}: must be between {low} and {high}")
        else:
            parsed[key] = value
    if errors:
        raise RulesError(errors)
    return parsed


def effective_rules(account_rules: dict | None, staff_rules: dict | None = None) -> Rules:
    """Merge account-level and staff rules (staff wins) over the defaults; validate both."""
    base = _parse(DEFAULTS)
    account = _parse(account_rules or {})
    staff = _parse(staff_rules or {})
    merged: dict[str, Any] = {**base, **account, **staff}
    merged["overrides"] = {**account.get("overrides", {}), **staff.get("overrides", {})}
    merged["holidays"] = account.get("holidays", frozenset()) | staff.get("holidays", frozenset())
    weekly = dict(merged["weekly"])
    # A partial weekly document means "these days as given, the rest closed".
    if "weekly" in staff or "weekly" in account:
        weekly = {index: weekly.get(index, ()) for index in range(7)}
    merged["weekly"] = weekly
    return Rules(**merged)
