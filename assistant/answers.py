"""Grounded sl/en answers written only from a tool's result (the offline engine's `render`).

Every figure printed comes from the result dict: money is printed without thousands separators
so the runtime's grounding filter reads it back as the same number.
"""

from decimal import Decimal


def money(value, lang: str) -> str:
    if value is None:
        return "–"
    amount = Decimal(str(value)).quantize(Decimal("0.01"))
    return f"{str(amount).replace('.', ',')} €" if lang == "sl" else f"€{amount}"


def pct(value, lang: str) -> str:
    if value is None:
        return "–"
    text = f"{Decimal(str(value)):+.1f}"
    return f"{text.replace('.', ',')} %" if lang == "sl" else f"{text}%"


def share(value, lang: str) -> str:
    """A 0..1 fraction (conversion) as a percentage with two decimals."""
    text = f"{Decimal(str(value)) * 100:.2f}"
    return f"{text.replace('.', ',')} %" if lang == "sl" else f"{text}%"


def _t(lang: str, sl: str, en: str) -> str:
    return sl if lang == "sl" else en


def _label(result: dict, lang: str) -> str:
    return result["period"]["label"][lang]


def _notes(result: dict, lang: str) -> str:
    notes = result.get("notes") or []
    if not notes:
        return ""
    return (
        "\n"
        + _t(lang, "Upoštevam, kar ste mi povedali: ", "Keeping in mind what you told me: ")
        + "; ".join(notes)
    )


def render_summary(result: dict, lang: str) -> str:
    parts = [
        _t(
            lang,
            f"{_label(result, lang)}: prihodki {money(result['revenue'], lang)} iz "
            f"{result['orders_count']} plačanih naročil",
            f"{_label(result, lang)}: revenue {money(result['revenue'], lang)} from "
            f"{result['orders_count']} paid orders",
        )
    ]
    if result["avg_cart"] is not None:
        parts[0] += _t(lang, ", povprečna košarica ", ", average cart ") + money(result["avg_cart"], lang)
    parts[0] += "."
    if result["refunds_count"]:
        parts.append(
            _t(
                lang,
                f"Vrnjenih naročil: {result['refunds_count']} ({money(result['refunds_amount'], lang)}), "
                "niso všteta v prihodke.",
                f"Refunded orders: {result['refunds_count']} ({money(result['refunds_amount'], lang)}), "
                "not counted in revenue.",
            )
        )
    if result["conversion"] is not None:
        parts.append(
            _t(lang, "Konverzija: ", "Conversion: ")
            + f"{share(result['conversion'], lang)} ({result['orders_count']} / {result['visits']}"
            + _t(lang, " obiskov).", " visits).")
        )
    if result.get("abandoned_carts") is not None:
        parts.append(_t(lang, "Opuščene košarice: ", "Abandoned carts: ") + f"{result['abandoned_carts']}.")
    return " ".join(parts) + _notes(result, lang)


def render_compare(result: dict, lang: str) -> str:
    a, b = result["a"], result["b"]
    lines = [
        f"{_label(a, lang)}: {money(a['revenue'], lang)}, {a['orders_count']} "
        + _t(lang, "naročil", "orders")
        + (
            _t(lang, ", povprečna košarica ", ", average cart ") + money(a["avg_cart"], lang)
            if a["avg_cart"]
            else ""
        ),
        f"{_label(b, lang)}: {money(b['revenue'], lang)}, {b['orders_count']} "
        + _t(lang, "naročil", "orders")
        + (
            _t(lang, ", povprečna košarica ", ", average cart ") + money(b["avg_cart"], lang)
            if b["avg_cart"]
            else ""
        ),
    ]
    change = _t(lang, "Razlika v prihodkih: ", "Revenue difference: ") + money(result["revenue_change"], lang)
    if result["revenue_change_pct"] is not None:
        change += f" ({pct(result['revenue_change_pct'], lang)})"
    change += _t(lang, ", razlika v naročilih: ", ", orders difference: ") + f"{result['orders_change']:+d}."
    return "\n".join([*lines, change])


def render_products(result: dict, lang: str) -> str:
    products = result["products"]
    if not products:
        return _t(
            lang,
            f"{_label(result, lang)}: ni plačanih naročil z izdelki.",
            f"{_label(result, lang)}: no paid orders with products.",
        )
    head = (
        _t(lang, "Najslabše prodajani izdelki", "Worst-selling products")
        if result["worst"]
        else _t(lang, "Najbolje prodajani izdelki", "Best-selling products")
    )
    lines = [f"{head} – {_label(result, lang)}:"]
    for index, item in enumerate(products, 1):
        lines.append(
            f"{index}. {item['name']}: {money(item['revenue'], lang)} ({item['quantity']} "
            + _t(lang, "prodanih)", "sold)")
        )
    return "\n".join(lines)


def render_trend(result: dict, lang: str) -> str:
    direction = {
        "up": _t(lang, "raste", "is going up"),
        "down": _t(lang, "pada", "is going down"),
        "flat": _t(lang, "je stabilna", "is flat"),
    }[result["direction"]]
    text = _t(lang, f"Prodaja {direction}: ", f"Sales {direction}: ") + _t(
        lang,
        f"prva polovica obdobja {money(result['first_half_revenue'], lang)}, druga "
        f"{money(result['second_half_revenue'], lang)}",
        f"first half of the period {money(result['first_half_revenue'], lang)}, second half "
        f"{money(result['second_half_revenue'], lang)}",
    )
    if result["change_pct"] is not None:
        text += f" ({pct(result['change_pct'], lang)})"
    text += f". ({_label(result, lang)})"
    if result.get("best_day"):
        best = result["best_day"]
        text += (
            _t(lang, " Najboljši dan: ", " Best day: ") + f"{best['day']} ({money(best['revenue'], lang)})."
        )
    if result.get("busiest_weekday"):
        text += _t(lang, " Najmočnejši dan v tednu: ", " Strongest weekday: ") + (
            result["busiest_weekday"][lang] + "."
        )
    return text + _notes(result, lang)


def render_anomalies(result: dict, lang: str) -> str:
    base = _t(
        lang,
        f"{_label(result, lang)}: povprečni dnevni prihodki {money(result['mean_daily_revenue'], lang)}.",
        f"{_label(result, lang)}: average daily revenue {money(result['mean_daily_revenue'], lang)}.",
    )
    if not result["anomalies"]:
        return base + _t(lang, " Nenavadnih dni ni bilo.", " No unusual days.")
    lines = [base + _t(lang, " Nenavadni dnevi:", " Unusual days:")]
    for item in result["anomalies"]:
        kind = _t(lang, "visoko", "high") if item["direction"] == "high" else _t(lang, "nizko", "low")
        lines.append(f"- {item['day']}: {money(item['revenue'], lang)} ({kind})")
    return "\n".join(lines)


def render_low_stock(result: dict, lang: str) -> str:
    if not result["products"]:
        return _t(
            lang,
            f"Noben aktiven izdelek nima zaloge {result['threshold']} ali manj.",
            f"No active product has {result['threshold']} or fewer in stock.",
        )
    lines = [
        _t(
            lang,
            f"Izdelki z zalogo {result['threshold']} ali manj:",
            f"Products with {result['threshold']} or fewer in stock:",
        )
    ]
    lines += [
        f"- {item['name']}: {item['quantity']} " + _t(lang, "kos", "pcs") for item in result["products"]
    ]
    lines.append(_t(lang, "Želite, da predlagam opomnik za dobavo?", "Shall I propose a restock reminder?"))
    return "\n".join(lines)


def render_missing_descriptions(result: dict, lang: str) -> str:
    if not result["count"]:
        return _t(lang, "Vsi aktivni izdelki imajo opis.", "Every active product has a description.")
    names = ", ".join(item["name"] for item in result["products"])
    return _t(
        lang,
        f"Brez opisa je {result['count']} aktivnih izdelkov: {names}.",
        f"{result['count']} active products have no description: {names}.",
    )


def render_leads(result: dict, lang: str) -> str:
    text = _t(
        lang,
        f"{_label(result, lang)}: {result['count']} novih kontaktov iz klepeta.",
        f"{_label(result, lang)}: {result['count']} new leads from the chat.",
    )
    for item in result["leads"]:
        text += f"\n- {item['name'] or '–'} {item['contact']} ({item['created']})"
    return text


def render_bookings(result: dict, lang: str) -> str:
    text = _t(
        lang,
        f"{_label(result, lang)}: {result['count']} aktivnih rezervacij.",
        f"{_label(result, lang)}: {result['count']} active bookings.",
    )
    for item in result["bookings"]:
        text += f"\n- #{item['id']} {item['start']} {item['service']} – {item['customer']}"
    return text


def render_memory(result: dict, lang: str) -> str:
    if result.get("saved"):
        return _t(lang, "Zapomnil sem si: ", "I'll remember that: ") + result["saved"]["text"]
    items = result.get("items") or []
    if not items:
        return _t(
            lang, "Zaenkrat si nisem zapomnil ničesar.", "I haven't been told anything to remember yet."
        )
    return _t(lang, "Zapomnil sem si:", "What I remember:") + "".join(f"\n- {text}" for text in items)


def render_proposal(result: dict, lang: str) -> str:
    if result.get("error"):
        reason = {
            "no_product": _t(lang, "ne najdem izdelka s tem imenom.", "no product matches that name."),
            "unknown_type": _t(lang, "takega dejanja ne poznam.", "I don't know that kind of action."),
        }.get(result["error"], result.get("detail", ""))
        return _t(lang, "Predloga ne morem pripraviti: ", "I can't propose that: ") + reason
    return (
        _t(lang, "Predlagal sem dejanje ", "I proposed the action ")
        + f"#{result['action_id']} ({result['label'][lang]}): {result['summary']}. "
        + _t(
            lang,
            "Izvede se šele, ko ga odobrite v nabiralniku dejanj (/assistant/actions/).",
            "It runs only after you approve it in the action inbox (/assistant/actions/).",
        )
        + _notes(result, lang)
    )
