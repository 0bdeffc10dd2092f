"""Pure sl/en answers from the company_info tool's result: hours, open now, contact, policies."""

from datetime import date

from llm.guardrails import phrase
from llm.render import hours_text, weekday_name

POLICY_TOPICS = ("shipping", "returns", "payment", "warranty")
CONTACT_LABELS = {
    "sl": {"email": "e-pošta", "phone": "telefon", "address": "naslov", "website": "splet"},
    "en": {"email": "email", "phone": "phone", "address": "address", "website": "website"},
}


def _when(next_open: dict, lang: str) -> str:
    ahead = next_open.get("days_ahead", 0)
    if ahead == 0:
        day = "danes" if lang == "sl" else "today"
    elif ahead == 1:
        day = "jutri" if lang == "sl" else "tomorrow"
    else:
        day = weekday_name(next_open["weekday"], lang, on=True)
        stamp = date.fromisoformat(next_open["date"])
        day += f" ({stamp.day}. {stamp.month}.)" if lang == "sl" else f" ({stamp:%d %b})"
    return f"{day} ob {next_open['time']}" if lang == "sl" else f"{day} at {next_open['time']}"


def open_now_text(status: dict, lang: str) -> str:
    if status.get("open_now"):
        if lang == "sl":
            return f"Da, trenutno smo odprti – danes do {status['closes_at']}."
        return f"Yes, we're open right now – until {status['closes_at']} today."
    text = "Trenutno smo zaprti." if lang == "sl" else "We're closed right now."
    if status.get("next_open"):
        when = _when(status["next_open"], lang)
        text += f" Ponovno odpremo {when}." if lang == "sl" else f" We open again {when}."
    return text


def hours_answer(result: dict, lang: str) -> str:
    if not result.get("configured_hours"):
        return phrase("dont_know", lang)
    table = hours_text(result.get("week") or [], lang)
    text = f"Delovni čas: {table}." if lang == "sl" else f"Opening hours: {table}."
    closed = result.get("closed_dates") or []
    if closed:
        days = ", ".join(_date(d, lang) for d in closed[:5])
        text += f" Zaprto ob praznikih: {days}." if lang == "sl" else f" Closed on holidays: {days}."
    return text + " " + open_now_text(result.get("open") or {}, lang)


def _date(value: str, lang: str) -> str:
    day = date.fromisoformat(value)
    return f"{day.day}. {day.month}. {day.year}" if lang == "sl" else day.isoformat()


def contact_answer(result: dict, lang: str) -> str:
    contact = result.get("contact") or {}
    labels = CONTACT_LABELS["sl" if lang == "sl" else "en"]
    parts = [
        f"{labels[key]}: {contact[key]}"
        for key in ("email", "phone", "address", "website")
        if contact.get(key)
    ]
    if not parts:
        return phrase("dont_know", lang)
    name = result.get("name") or ""
    head = (
        (f"Kontakt {name}: " if name else "Kontakt: ")
        if lang == "sl"
        else (f"Contact {name}: " if name else "Contact: ")
    )
    return head + ", ".join(parts) + "."


def policy_answer(result: dict, topic: str, lang: str) -> str:
    policy = (result.get("policies") or {}).get(topic)
    if isinstance(policy, dict):
        policy = policy.get(lang) or policy.get("sl") or policy.get("en")
    return str(policy) if policy else phrase("dont_know", lang)


def company_answer(result, lang: str) -> str:
    if not isinstance(result, dict):
        return phrase("tool_failed", lang)
    topic = result.get("topic") or "all"
    if topic == "open_now":
        if not result.get("configured_hours"):
            return phrase("dont_know", lang)
        return (
            open_now_text(result.get("open") or {}, lang)
            + " "
            + hours_answer(result, lang).split(". ")[0]
            + "."
        )
    if topic == "hours":
        return hours_answer(result, lang)
    if topic == "contact":
        return contact_answer(result, lang)
    if topic in POLICY_TOPICS:
        return policy_answer(result, topic, lang)
    parts = [hours_answer(result, lang), contact_answer(result, lang)]
    return " ".join(part for part in parts if part != phrase("dont_know", lang)) or phrase("dont_know", lang)
