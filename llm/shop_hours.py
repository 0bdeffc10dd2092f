"""Pure opening-hours logic (no ORM): "open now?" and "when do you open next?" in the shop's zone.

`working_hours` is CompanyInfo.working_hours:
    {"mon": [["09:00", "17:00"]], ..., "sun": [], "closed_dates": ["2026-12-25"], "timezone": "Europe/Ljubljana"}
Times are wall-clock times of the shop's zone, so DST is handled by zoneinfo.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = {
    "sl": ("ponedeljek", "torek", "sreda", "četrtek", "petek", "sobota", "nedelja"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
DAY_NAMES_ON = {  # "on Monday" in Slovenian takes the accusative: "v ponedeljek", "v sredo"
    "sl": ("v ponedeljek", "v torek", "v sredo", "v četrtek", "v petek", "v soboto", "v nedeljo"),
    "en": ("on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday", "on Sunday"),
}


def zone_of(working_hours: dict, fallback: str = "Europe/Ljubljana") -> ZoneInfo:
    for name in ((working_hours or {}).get("timezone"), fallback, "Europe/Ljubljana"):
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")


def _parse(value: str) -> time | None:
    try:
        hours, minutes = str(value).split(":")[:2]
        return time(int(hours) % 24, int(minutes))
    except (ValueError, TypeError):
        return None


def intervals_on(working_hours: dict, day: date) -> list[tuple[str, str]]:
    """The configured [from, to] strings for one calendar day (none on a closed date)."""
    working_hours = working_hours or {}
    if day.isoformat() in set(working_hours.get("closed_dates") or []):
        return []
    out = []
    for interval in working_hours.get(DAYS[day.weekday()]) or []:
        if (
            isinstance(interval, list | tuple)
            and len(interval) == 2
            and _parse(interval[0])
            and _parse(interval[1])
        ):
            out.append((str(interval[0]), str(interval[1])))
    return out


def open_status(working_hours: dict, now: datetime, fallback_zone: str = "Europe/Ljubljana") -> dict:
    """{"open_now", "local_time", "closes_at", "next_open": {"date", "weekday", "time"} | None}."""
    zone = zone_of(working_hours, fallback_zone)
    local = now.astimezone(zone)
    status = {
        "open_now": False,
        "local_time": local.strftime("%H:%M"),
        "local_date": local.date().isoformat(),
        "weekday": local.weekday(),
        "timezone": str(zone.key),
        "closes_at": None,
        "next_open": None,
    }
    for start, end in intervals_on(working_hours, local.date()):
        if _parse(start) <= local.time().replace(tzinfo=None) < _parse(end):
            status["open_now"], status["closes_at"] = True, end
            break
    if status["open_now"]:
        return status
    for offset in range(0, 15):
        day = local.date() + timedelta(days=offset)
        for start, _end in intervals_on(working_hours, day):
            if offset == 0 and _parse(start) <= local.time().replace(tzinfo=None):
                continue
            status["next_open"] = {
                "date": day.isoformat(),
                "weekday": day.weekday(),
                "time": start,
                "days_ahead": offset,
            }
            return status
    return status


def week_table(working_hours: dict) -> list[dict]:
    """Per weekday: {"day": "mon", "intervals": [["09:00", "17:00"]]} as configured."""
    working_hours = working_hours or {}
    return [
        {
            "day": day,
            "intervals": [list(i) for i in (working_hours.get(day) or []) if isinstance(i, list | tuple)],
        }
        for day in DAYS
    ]


def upcoming_closed_dates(working_hours: dict, today: date, days: int = 60) -> list[str]:
    limit = today + timedelta(days=days)
    out = []
    for value in (working_hours or {}).get("closed_dates") or []:
        try:
            day = date.fromisoformat(str(value))
        except ValueError:
            continue
        if today <= day <= limit:
            out.append(day.isoformat())
    return sorted(out)
