"""Pure sl/en formatting of tool results for offline answers: money, stock, lists, hours.

Figures are printed from the result's own values (prices are exact decimal strings), so what the
shopper reads is what the database holds.
"""

from decimal import Decimal, InvalidOperation

from llm.shop_hours import DAY_NAMES, DAY_NAMES_ON, DAYS

CURRENCY_SIGNS = {"EUR": "€", "USD": "$", "GBP": "£"}


def money(amount, currency: str = "EUR", lang: str = "sl") -> str:
    if amount is None or amount == "":
        return "?"
    try:
        value = Decimal(str(amount)).quantize(Decimal("0.01"))
    except InvalidOperation:
        return str(amount)
    sign = CURRENCY_SIGNS.get(currency or "EUR", currency or "")
    if lang == "sl":
        return f"{str(value).replace('.', ',')} {sign}"
    return f"{sign}{value}" if len(sign) == 1 else f"{value} {sign}"


def stock_text(quantity: int, lang: str) -> str:
    if quantity is None or quantity <= 0:
        return "trenutno ni na zalogi" if lang == "sl" else "currently out of stock"
    if lang == "sl":
        return f"na zalogi {quantity} {_kos(quantity)}"
    return f"{quantity} in stock"


def _kos(n: int) -> str:
    n100 = n % 100
    if n100 == 1:
        return "kos"
    if n100 == 2:
        return "kosa"
    if n100 in (3, 4):
        return "kosi"
    return "kosov"


def price_text(product: dict, lang: str) -> str:
    currency = product.get("currency") or "EUR"
    text = money(product.get("price"), currency, lang)
    if product.get("on_sale") and product.get("regular_price"):
        before = money(product["regular_price"], currency, lang)
        text += f" (prej {before})" if lang == "sl" else f" (was {before})"
    return text


def listing(values, limit: int = 12) -> str:
    items = [
        str(v) for v in (values if isinstance(values, list | tuple) else [values]) if v not in (None, "")
    ]
    return ", ".join(items[:limit])


def product_line(product: dict, lang: str) -> str:
    parts = [
        f"{product.get('name')} – {price_text(product, lang)}",
        stock_text(product.get("stock", 0), lang),
    ]
    sizes = listing(product.get("sizes") or [])
    if sizes and sizes != "one size":
        parts.append(("velikosti: " if lang == "sl" else "sizes: ") + sizes)
    return "- " + ", ".join(parts)


def hours_text(week: list[dict], lang: str) -> str:
    """Consecutive days with the same hours are grouped: "pon–pet 09:00–17:00"."""
    short = {
        "sl": ("pon", "tor", "sre", "čet", "pet", "sob", "ned"),
        "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    }
    names = short["sl" if lang == "sl" else "en"]
    groups: list[tuple[int, int, str]] = []
    for index, row in enumerate(week):
        intervals = ", ".join(f"{a}–{b}" for a, b in row["intervals"]) or (
            "zaprto" if lang == "sl" else "closed"
        )
        if groups and groups[-1][2] == intervals and groups[-1][1] == index - 1:
            groups[-1] = (groups[-1][0], index, intervals)
        else:
            groups.append((index, index, intervals))
    parts = []
    for first, last, intervals in groups:
        days = names[first] if first == last else f"{names[first]}–{names[last]}"
        parts.append(f"{days} {intervals}")
    return "; ".join(parts)


def weekday_name(index: int, lang: str, *, on: bool = False) -> str:
    table = DAY_NAMES_ON if on else DAY_NAMES
    return table["sl" if lang == "sl" else "en"][index % 7]


def day_key_name(day: str, lang: str) -> str:
    return weekday_name(DAYS.index(day), lang) if day in DAYS else day
