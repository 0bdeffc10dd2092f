"""Reading booking details out of a shopper's chat message (sl/en). Pure, no ORM.

Used by the offline hooks of the booking tools: dates ("jutri", "tomorrow", "petek", "3. 12.",
"2026-12-03"), times ("ob 10", "at 10:30", "14.00"), an email, a phone, a name, and whether the
message is a plain confirmation ("da", "yes", "potrjujem").
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta

WEEKDAYS = {
    "mon": 0, "monday": 0, "ponedeljek": 0, "ponedeljka": 0, "ponedeljku": 0,
    "tue": 1, "tuesday": 1, "torek": 1, "torka": 1, "torku": 1,
    "wed": 2, "wednesday": 2, "sreda": 2, "sredo": 2, "srede": 2, "sredi": 2,
    "thu": 3, "thursday": 3, "cetrtek": 3, "cetrtka": 3, "cetrtku": 3,
    "fri": 4, "friday": 4, "petek": 4, "petka": 4, "petku": 4,
    "sat": 5, "saturday": 5, "sobota": 5, "soboto": 5, "sobote": 5, "soboti": 5,
    "sun": 6, "sunday": 6, "nedelja": 6, "nedeljo": 6, "nedelje": 6, "nedelji": 6,
}  # fmt: skip
# Clearly about appointments (word starts, so "notebook" or "naročilo" (an order) do not count).
_BOOKING = re.compile(
    r"\b(termin\w*|rezerv\w*|book\w*|appointment\w*|reserv\w*|slots?\b|naroci(ti|m|la|l)? se|naroci me)"
)
# Only together with a day or a service's name ("which times are free on Friday?").
_BOOKING_WEAK = re.compile(r"\b(availab\w*|free|prost\w*|times|schedule|kdaj imate|ur[aoe]\b|ob kateri)")
_SERVICES = re.compile(r"\b(storitv\w*|storitev|services?)\b")
_BOOK_VERB = re.compile(
    r"\b(rezerviraj\w*|rezerviram|naroci(te)? me|narocim se|book me|book (it|a|an|the|for)|reserve)\b"
)
_YES = re.compile(
    r"^\s*(da|ja|yes|yep|yeah|sure|ok|okay|v redu|potrjujem|potrdim|confirm|confirmed|seveda|drži|drzi|"
    r"tako je|please do|go ahead)\b[\s!.,]*(prosim|please|hvala|thanks|rezerviraj|book it)?[\s!.,]*$"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w@])(\+?\d[\d /-]{6,16}\d)(?![\w@])")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DOTTED_DATE = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.(?:\s?(\d{4}))?")
_TIME = re.compile(r"(?:\bob|\bat|\bza)?\s*\b([01]?\d|2[0-3])(?:[:.]([0-5]\d))?\s*(h|uri|ura|am|pm)?\b")
_NAME = re.compile(
    r"(?:\bime\b|\bname\b|\bsem\b|\bi am\b|\bi'm\b|\bza\b)\s*(?:je|is|:)?\s*"
    r"([A-ZČŠŽ][\w'-]+(?:\s+[A-ZČŠŽ][\w'-]+){0,2})"
)


def normalize(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def is_yes(text: str) -> bool:
    return bool(_YES.match(normalize(text)))


def mentions_booking(text: str) -> bool:
    return bool(_BOOKING.search(normalize(text)))


def mentions_booking_weakly(text: str) -> bool:
    return bool(_BOOKING_WEAK.search(normalize(text)))


def asks_for_services(text: str) -> bool:
    plain = normalize(text)
    return bool(_SERVICES.search(plain)) and "customer service" not in plain


def wants_to_book(text: str) -> bool:
    return bool(_BOOK_VERB.search(normalize(text)))


def names_service(text: str, services: list[tuple[int, str]]) -> bool:
    """True when the text names one of the services (not just "there is only one")."""
    return find_service(text, services, single_fallback=False) is not None


def parse_day(text: str, today: date) -> date | None:
    plain = normalize(text)
    if match := _ISO_DATE.search(plain):
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    if match := _DOTTED_DATE.search(plain):
        day, month = int(match[1]), int(match[2])
        year = int(match[3]) if match[3] else today.year
        try:
            found = date(year, month, day)
        except ValueError:
            return None
        if not match[3] and found < today:
            found = date(year + 1, month, day)
        return found
    if "pojutri" in plain or "day after tomorrow" in plain:
        return today + timedelta(days=2)
    if "jutri" in plain or "tomorrow" in plain:
        return today + timedelta(days=1)
    if "danes" in plain or "today" in plain:
        return today
    for word in re.findall(r"[a-z]+", plain):
        if word in WEEKDAYS:
            ahead = (WEEKDAYS[word] - today.weekday()) % 7
            return today + timedelta(days=ahead or 7)
    return None


def parse_time(text: str) -> str | None:
    """'HH:MM' from "ob 10", "at 10:30", "14.00", "2 pm"; dates and phone numbers are ignored."""
    plain = normalize(text)
    plain = _EMAIL.sub(" ", plain)
    plain = _ISO_DATE.sub(" ", plain)
    plain = _DOTTED_DATE.sub(" ", plain)
    plain = _PHONE.sub(" ", plain)
    for match in _TIME.finditer(plain):
        prefix = plain[max(0, match.start()) : match.start(1)].strip()
        has_minutes = match[2] is not None
        if not (prefix or has_minutes or match[3]):
            continue  # a bare number ("2 people") is not a time
        hour = int(match[1])
        if match[3] == "pm" and hour < 12:
            hour += 12
        return f"{hour:02d}:{int(match[2] or 0):02d}"
    return None


def parse_email(text: str) -> str:
    match = _EMAIL.search(text or "")
    return match.group(0) if match else ""


def parse_phone(text: str) -> str:
    match = _PHONE.search(_EMAIL.sub(" ", text or ""))
    return re.sub(r"[ /-]", "", match.group(1)) if match else ""


def parse_name(text: str) -> str:
    match = _NAME.search(text or "")
    if match:
        return match.group(1).strip()
    # "…, Ana Novak, ana@example.com": a capitalised pair of words next to the email.
    for part in re.split(r"[,;\n]", text or ""):
        words = part.strip().split()
        if 2 <= len(words) <= 3 and all(w[:1].isupper() and w.isalpha() for w in words):
            return " ".join(words)
    return ""


def find_service(text: str, services: list[tuple[int, str]], *, single_fallback: bool = True) -> int | None:
    """The id of the service named in the text (best word overlap), or the only service there is."""
    plain = set(re.findall(r"\w+", normalize(text)))
    best, best_score = None, 0.0
    for service_id, name in services:
        words = [w for w in re.findall(r"\w+", normalize(name)) if len(w) > 2]
        if not words:
            continue
        hits = sum(1 for w in words if w in plain or any(p.startswith(w[:5]) for p in plain if len(p) > 3))
        score = hits / len(words)
        if score > best_score:
            best, best_score = service_id, score
    if best is not None and best_score >= 0.5:
        return best
    return services[0][0] if single_fallback and len(services) == 1 else None
