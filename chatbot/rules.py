"""Pure chat rules (no ORM): input validation, intents the widget acts on, business hours."""

import re
from datetime import datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from shop.search import normalize

MAX_MESSAGE_CHARS = 2000
MAX_BODY_BYTES = 16_384
VISITOR_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
SESSION_RE = re.compile(r"^[0-9a-f]{32}$")
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
PHONE_RE = re.compile(r"(?:\+|00)?\d[\d /().-]{6,18}\d")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_HUMAN = re.compile(
    r"\b(human|real person|a person|someone real|operator|agent|staff|employee|talk to (?:a|some)one|"
    r"clovek\w*|zivo osebo|operater|operaterja|zaposlen\w*|prodajal\w*|svetoval\w* v zivo)\b"
)
_CONTACT = re.compile(
    r"\b(contact me|call me|email me|call back|get back to me|reach me|"
    r"kontaktirajte|poklicite|poklici|poklicete|poklici me|javite se|pisite mi|kontakt)\b"
)
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def clean_message(text: str) -> str:
    """Strip control characters and surrounding blanks (newlines and tabs stay)."""
    return _CONTROL.sub("", text).strip()


def wants_human(text: str) -> bool:
    return bool(_HUMAN.search(normalize(text)))


def wants_contact(text: str) -> bool:
    return bool(_CONTACT.search(normalize(text)))


def _parse(value: str) -> time | None:
    try:
        hours, minutes = value.split(":")
        if hours == "24" and minutes == "00":
            return time(23, 59, 59)
        return time(int(hours), int(minutes))
    except (ValueError, AttributeError):
        return None


def shop_timezone(working_hours: dict, fallback: str) -> ZoneInfo:
    for name in ((working_hours or {}).get("timezone"), fallback, "Europe/Ljubljana"):
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")


def is_open(working_hours: dict, now: datetime, tz: ZoneInfo) -> bool | None:
    """True/False from the shop's weekly hours; None when the shop has not set any hours
    (then the bot never claims to be closed)."""
    if not working_hours or not any(working_hours.get(day) for day in DAYS):
        return None
    local = now.astimezone(tz)
    if local.date().isoformat() in (working_hours.get("closed_dates") or []):
        return False
    for interval in working_hours.get(DAYS[local.weekday()]) or []:
        if not isinstance(interval, list | tuple) or len(interval) != 2:
            continue
        start, end = _parse(interval[0]), _parse(interval[1])
        if start and end and start <= local.time() < end:
            return True
    return False


def hours_text(working_hours: dict, lang: str) -> str:
    names = {
        "sl": ("pon", "tor", "sre", "čet", "pet", "sob", "ned"),
        "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    }[lang if lang in ("sl", "en") else "sl"]
    parts = []
    for day, label in zip(DAYS, names, strict=True):
        intervals = [f"{a}–{b}" for a, b in (working_hours or {}).get(day) or [] if a and b]
        if intervals:
            parts.append(f"{label} {', '.join(intervals)}")
    return "; ".join(parts)
