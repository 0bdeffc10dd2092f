"""Sl/en chat answers for the booking tools, written only from the tools' results (grounded)."""

from __future__ import annotations

CONFIRM_MARKERS = ("Odgovorite »da«", "Reply “yes”")


def _price(value: str, lang: str) -> str:
    return (value.replace(".", ",") + " €") if lang == "sl" else ("€" + value)


def _service_line(service: dict, lang: str) -> str:
    unit = "min"
    return f"- {service['name']} ({service['duration_min']} {unit}, {_price(service['price'], lang)})"


def render_services(result, lang: str) -> str:
    services = (result or {}).get("services") or []
    if not services:
        return (
            "Trenutno ni storitev, ki bi jih lahko rezervirali."
            if lang == "sl"
            else ("There are no bookable services at the moment.")
        )
    lines = "\n".join(_service_line(s, lang) for s in services)
    if lang == "sl":
        return f"Rezervirate lahko te storitve:\n{lines}\nZa kateri dan iščete termin?"
    return f"You can book these services:\n{lines}\nWhich day would you like?"


def _times(slots: list[dict]) -> str:
    return ", ".join(slot["time"] for slot in slots)


def render_slots(result, lang: str) -> str:
    result = result or {}
    if result.get("error"):
        services = ", ".join(s["name"] for s in result.get("services") or [])
        if lang == "sl":
            return (
                f"Za katero storitev iščete termin? Na voljo: {services}."
                if services
                else ("Trenutno ni storitev, ki bi jih lahko rezervirali.")
            )
        return (
            f"Which service would you like to book? Available: {services}."
            if services
            else ("There are no bookable services at the moment.")
        )
    service = result["service"]["name"]
    slots = result.get("slots") or []
    if not slots:
        if not result.get("day"):
            return (
                f"Za storitev {service} v naslednjih dveh tednih ni prostih terminov."
                if lang == "sl"
                else (f"There are no free times for {service} in the next two weeks.")
            )
        return (
            f"Za storitev {service} na {result['day_label']} ni prostih terminov. Poskusite drug dan."
            if (lang == "sl")
            else f"There are no free times for {service} on {result['day_label']}. Try another day."
        )
    more = result.get("more", 0)
    if lang == "sl":
        extra = f" (in še {more})" if more else ""
        return (
            f"Prosti termini za storitev {service} na {result['day_label']}: {_times(slots)}{extra}.\n"
            "Za rezervacijo napišite npr. »Rezerviraj ob " + slots[0]["time"] + ", Ime Priimek, e-pošta«."
        )
    extra = f" (and {more} more)" if more else ""
    return (
        f"Free times for {service} on {result['day_label']}: {_times(slots)}{extra}.\n"
        "To book, write e.g. “Book me at " + slots[0]["time"] + ", First Last, email”."
    )


_MISSING = {
    "sl": {"day": "dan", "time": "uro", "customer_name": "ime in priimek", "contact": "e-pošto ali telefon"},
    "en": {
        "day": "the day",
        "time": "the time",
        "customer_name": "your name",
        "contact": "an email or phone",
    },
}


def render_book(result, lang: str) -> str:
    result = result or {}
    status = result.get("status")
    sl = lang == "sl"
    if status == "confirm":
        contact = result.get("customer_email") or result.get("customer_phone")
        if sl:
            return (
                f"Preverite rezervacijo: {result['service']['name']}, {result['day_label']} ob {result['time']}, "
                f"za {result['customer_name']} ({contact}). Odgovorite »da« za potrditev."
            )
        return (
            f"Please check the booking: {result['service']['name']}, {result['day_label']} at {result['time']}, "
            f"for {result['customer_name']} ({contact}). Reply “yes” to confirm."
        )
    if status == "booked":
        mail = (
            (" Potrditev smo poslali po e-pošti." if sl else " A confirmation is on its way by email.")
            if (result.get("email_sent"))
            else ""
        )
        if sl:
            return (
                f"Rezervirano: {result['service']['name']}, {result['day_label']} ob {result['time']} "
                f"({result['staff']}).{mail}"
            )
        return f"Booked: {result['service']['name']}, {result['day_label']} at {result['time']} ({result['staff']}).{mail}"
    if status == "missing":
        needed = ", ".join(_MISSING["sl" if sl else "en"][f] for f in result.get("missing", []))
        return f"Za rezervacijo potrebujem še: {needed}." if sl else f"To book, I still need {needed}."
    if status in ("unavailable", "taken"):
        alternatives = _times(result.get("alternatives") or [])
        if sl:
            head = "Ta termin je bil pravkar zaseden." if status == "taken" else "Ta termin ni prost."
            return head + (f" Prosti termini: {alternatives}." if alternatives else " Poskusite drug dan.")
        head = "This slot was just taken." if status == "taken" else "That time is not available."
        return head + (f" Free times: {alternatives}." if alternatives else " Please try another day.")
    if status == "unknown_service":
        return render_slots({"error": "unknown_service", "services": result.get("services")}, lang)
    if status in ("no_proposal", "needs_confirmation"):
        return (
            "Najprej mi povejte storitev, dan, uro in kontakt, nato potrdite z »da«."
            if sl
            else ("First tell me the service, day, time and your contact, then confirm with “yes”.")
        )
    if status == "no_session":
        return "Rezervacija prek klepeta tukaj ni mogoča." if sl else "Booking is not possible in this chat."
    return result.get("message") or ("Rezervacija ni uspela." if sl else "The booking did not go through.")
