"""Periods the owner names in Slovenian or English, turned into local date ranges (pure, no ORM).

    parse_period("compare October with September", today)   -> first period found: October
    find_periods("primerjaj oktober in september", today)    -> [October, September]

Months without a year mean the most recent one that has started (October asked in March is
last year's). Weeks run Monday–Sunday. "This week/month/year" end today.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    1: ("january", "januar"),
    2: ("february", "februar"),
    3: ("march", "marec", "marca", "marcu", "marcem"),
    4: ("april",),
    5: ("may", "maj", "maja", "maju", "majem"),
    6: ("june", "junij"),
    7: ("july", "julij"),
    8: ("august", "avgust"),
    9: ("september", "septemb"),
    10: ("october", "oktob"),
    11: ("november", "novemb"),
    12: ("december", "decemb"),
}
MONTH_NAMES = {
    "en": [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ],
    "sl": [
        "januar", "februar", "marec", "april", "maj", "junij",
        "julij", "avgust", "september", "oktober", "november", "december",
    ],
}  # fmt: skip


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    key: str  # machine label, e.g. "last_week", "month:2026-10", "range"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def label(self, lang: str) -> str:
        if self.start == self.end:
            return fmt_date(self.start, lang)
        if self.key.startswith("month:"):
            return f"{MONTH_NAMES[lang][self.start.month - 1]} {self.start.year}"
        return f"{fmt_date(self.start, lang)} – {fmt_date(self.end, lang)}"

    def previous(self) -> "Period":
        """The period of equal length right before this one (a month before a month)."""
        if self.key in ("this_week", "last_week"):
            return Period(self.start - timedelta(days=7), self.end - timedelta(days=7), "previous_week")
        if self.key in ("this_year", "last_year"):
            return same_period_last_year(self)
        if self.key.startswith("month:") or (self.start.day == 1 and self.key.endswith("month")):
            start = month_start(self.start - timedelta(days=1))
            if self.end == month_end(self.start):  # a whole month: the whole month before
                return Period(start, month_end(start), f"month:{start.year}-{start.month:02d}")
            return Period(start, min(month_end(start), start + timedelta(days=self.days - 1)), "previous")
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1), "previous")


def fmt_date(day: date, lang: str) -> str:
    return f"{day.day}. {day.month}. {day.year}" if lang == "sl" else day.isoformat()


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()


def _month_period(month: int, year: int | None, today: date) -> Period:
    if year is None:
        year = today.year if month <= today.month else today.year - 1
    start = date(year, month, 1)
    return Period(start, month_end(start), f"month:{year}-{month:02d}")


_NUM_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b|\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b")
_MONTH_WORD = re.compile(r"\b([a-z]+)(?:\s+(\d{4}))?\b")
_LAST_N = re.compile(r"\b(?:last|past|zadnj\w*|preteklih)\s+(\d{1,3})\s+(?:days?|dni|dneh|dan)\b")

_RELATIVE: list[tuple[re.Pattern, str]] = [
    (re.compile(r"\b(today|danes|danasnj\w*)\b"), "today"),
    (re.compile(r"\b(yesterday|vceraj\w*)\b"), "yesterday"),
    (re.compile(r"\b(last|previous|past) week\b|\b(prejsnj\w*|pretekl\w*|zadnj\w*) (teden|tednu|tedna|tednom)\b"),
     "last_week"),
    (re.compile(r"\bthis week\b|\b(ta|tem|tega|tekoc\w*) (teden|tednu|tedna|tednom)\b"), "this_week"),
    (re.compile(r"\b(last|previous|past) month\b|\b(prejsnj\w*|pretekl\w*|zadnj\w*) (mesec\w*)\b"),
     "last_month"),
    (re.compile(r"\bthis month\b|\b(ta|tem|tega|tekoc\w*) (mesec\w*)\b"), "this_month"),
    (re.compile(r"\b(last|previous) year\b|\b(lani|lansk\w*|prejsnj\w* let\w*)\b"), "last_year"),
    (re.compile(r"\bthis year\b|\b(letos|letosnj\w*|to leto|tem letu)\b"), "this_year"),
]  # fmt: skip


def _relative(key: str, today: date) -> Period:
    monday = today - timedelta(days=today.weekday())
    if key == "today":
        return Period(today, today, key)
    if key == "yesterday":
        day = today - timedelta(days=1)
        return Period(day, day, key)
    if key == "this_week":
        return Period(monday, today, key)
    if key == "last_week":
        return Period(monday - timedelta(days=7), monday - timedelta(days=1), key)
    if key == "this_month":
        return Period(month_start(today), today, key)
    if key == "last_month":
        start = month_start(month_start(today) - timedelta(days=1))
        return Period(start, month_end(start), key)
    if key == "this_year":
        return Period(date(today.year, 1, 1), today, key)
    return Period(date(today.year - 1, 1, 1), date(today.year - 1, 12, 31), key)


def _month_of(word: str) -> int | None:
    for number, stems in MONTHS.items():
        for stem in stems:
            if word == stem or (len(stem) >= 5 and word.startswith(stem)):
                # "marec/marca" etc. are listed in full; longer stems cover the inflections.
                return number
    return None


def find_periods(text: str, today: date) -> list[Period]:
    """Every period named in the text, in the order they appear."""
    plain = _plain(text)
    found: list[tuple[int, Period]] = []
    taken: list[tuple[int, int]] = []

    def add(pos: int, end: int, period: Period) -> None:
        if not any(a <= pos < b for a, b in taken):
            found.append((pos, period))
            taken.append((pos, end))

    dates = []
    for match in _NUM_DATE.finditer(plain):
        try:
            if match.group(1):
                day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            else:
                day = date(int(match.group(6)), int(match.group(5)), int(match.group(4)))
        except ValueError:
            continue
        dates.append((match.start(), match.end(), day))
    # "from 2026-10-01 to 2026-10-15" / "od 1. 10. 2026 do 15. 10. 2026": two dates make a range.
    if len(dates) == 2 and re.search(r"\b(to|until|do|-|–)\b|–|-", plain[dates[0][1] : dates[1][0]]):
        (s0, _e0, d0), (_s1, e1, d1) = dates
        add(s0, e1, Period(min(d0, d1), max(d0, d1), "range"))
    else:
        for start, end, day in dates:
            add(start, end, Period(day, day, "day"))
    for match in _LAST_N.finditer(plain):
        count = max(1, min(int(match.group(1)), 3660))
        add(
            match.start(), match.end(), Period(today - timedelta(days=count - 1), today, f"last_{count}_days")
        )
    for pattern, key in _RELATIVE:
        for match in pattern.finditer(plain):
            add(match.start(), match.end(), _relative(key, today))
    for match in _MONTH_WORD.finditer(plain):
        month = _month_of(match.group(1))
        if month is None:
            continue
        before = plain[: match.start()].split()[-1:]
        # English "may" is usually the verb; take it as the month only after a preposition.
        if (
            match.group(1) == "may"
            and not match.group(2)
            and before not in (["in"], ["for"], ["of"], ["since"])
        ):
            continue
        year = int(match.group(2)) if match.group(2) else None
        add(match.start(), match.end(), _month_period(month, year, today))
    periods = [period for _pos, period in sorted(found, key=lambda item: item[0])]
    months = [p for p in periods if p.key.startswith("month:")]
    if months and any(p.key == "last_year" for p in periods) and len(months) == 1:
        # "novembra lani" / "November last year": the month of last year, not two periods.
        month = months[0]
        shifted = _month_period(month.start.month, today.year - 1, today)
        periods = [shifted if p is month else p for p in periods if p.key != "last_year"]
    return periods


def parse_period(text: str, today: date, default: str | None = "this_month") -> Period | None:
    periods = find_periods(text, today)
    if periods:
        return periods[0]
    return _relative(default, today) if default else None


def same_period_last_year(period: Period) -> Period:
    def shift(day: date) -> date:
        try:
            return day.replace(year=day.year - 1)
        except ValueError:  # 29 February
            return day.replace(year=day.year - 1, day=28)

    return Period(shift(period.start), shift(period.end), "last_year_same")
