"""EUR and percentage formatting for the assistant's pages in the active language (sl/en)."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.translation import get_language

register = template.Library()


def _group(integer: str, sep: str) -> str:
    out = ""
    while len(integer) > 3:
        out = sep + integer[-3:] + out
        integer = integer[:-3]
    return integer + out


@register.filter
def eur(value) -> str:
    """1234.5 → "1.234,50 €" (sl) or "€1,234.50" (en); None → "–"."""
    if value is None or value == "":
        return "–"
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        return "–"
    sign = "-" if amount < 0 else ""
    integer, cents = f"{abs(amount):.2f}".split(".")
    if (get_language() or "sl").startswith("en"):
        return f"{sign}€{_group(integer, ',')}.{cents}"
    return f"{sign}{_group(integer, '.')},{cents} €"


@register.filter
def percent(value, digits: int = 1) -> str:
    """A percentage number (12.34) → "12,3 %" / "12.3%"; None → "–"."""
    if value is None or value == "":
        return "–"
    text = f"{Decimal(str(value)):+.{int(digits)}f}"
    return f"{text}%" if (get_language() or "sl").startswith("en") else f"{text.replace('.', ',')} %"


@register.filter
def fraction_percent(value) -> str:
    """A 0..1 fraction (conversion) → "1,50 %" / "1.50%"; None → "–"."""
    if value is None or value == "":
        return "–"
    text = f"{Decimal(str(value)) * 100:.2f}"
    return f"{text}%" if (get_language() or "sl").startswith("en") else f"{text.replace('.', ',')} %"
