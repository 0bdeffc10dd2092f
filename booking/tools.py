"""Chatbot tools for booking: list services, find free slots, book after the shopper says yes.

Booking through chat is two-step by construction, whatever model drives it:

1. `booking_book(confirm=False, …)` checks the slot and stores a *proposal* for this chat session
   (cache, tenant-prefixed, keyed by the session id from the AgentContext) together with the
   number of shopper messages so far; the answer asks the shopper to reply "da"/"yes".
2. `booking_book(confirm=True)` books the stored proposal only when the shopper has written a
   newer message since the proposal and that message is a confirmation. A model that calls
   both steps in one turn, or confirms on the first mention, gets "needs confirmation" back.

Tenant, session and clock come from `runtime.context` / our code, never from model arguments.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.cache import cache
from django.utils import timezone
from langchain.tools import ToolRuntime, tool
from langchain_core.messages import AIMessage, HumanMessage

from booking import chat_parse, selectors
from booking.chat_render import (
    CONFIRM_MARKERS,
    render_book,
    render_services,
    render_slots,
)
from llm.context import AgentContext
from llm.registry import agent_tool
from llm.tooling import tenant_scope

PROPOSAL_SECONDS = 30 * 60
MAX_SLOTS = 12


def now() -> datetime:
    """The current time (a function so tests can pin the clock)."""
    return timezone.now()


def _service_dict(service) -> dict:
    return {
        "id": service.pk,
        "name": service.name,
        "duration_min": service.duration_min,
        "price": str(service.price),
        "description": service.description[:300],
    }


def _services() -> list[dict]:
    return [_service_dict(s) for s in selectors.service_list()]


def _resolve_service(value: str):
    services = list(selectors.service_list())
    if str(value).isdigit():
        return next((s for s in services if s.pk == int(value)), None)
    found = chat_parse.find_service(value or "", [(s.pk, s.name) for s in services])
    return next((s for s in services if s.pk == found), None)


def _day_label(day: date, lang: str) -> str:
    return f"{day.day}. {day.month}. {day.year}" if lang == "sl" else day.strftime("%a %d %b %Y")


def _slot_dicts(slots, tz) -> list[dict]:
    names = {s.pk: s.name for s in selectors.staff_list()}
    return [
        {
            "start": slot.start.isoformat(),
            "time": slot.local(tz).strftime("%H:%M"),
            "staff": names.get(slot.staff_id, ""),
        }
        for slot in slots
    ]


def _messages(runtime) -> list:
    state = getattr(runtime, "state", None) or {}
    return list(state.get("messages", [])) if isinstance(state, dict) else []


def _human_count(runtime) -> int:
    return sum(1 for m in _messages(runtime) if isinstance(m, HumanMessage))


def _last_human_text(runtime) -> str:
    for message in reversed(_messages(runtime)):
        if isinstance(message, HumanMessage):
            return message.content if isinstance(message.content, str) else ""
    return ""


def _proposal_key(context: AgentContext) -> str:
    return f"booking:proposal:{context.session_id}"


# --- list services ---------------------------------------------------------------------------


def _service_names() -> list[tuple[int, str]]:
    """Active services (id, name). Hooks stay silent in shops that take no bookings."""
    return [(s.pk, s.name) for s in selectors.service_list()]


class ServicesOffline:
    def match(self, text: str, lang: str, turn) -> dict | None:
        if not chat_parse.asks_for_services(text) or chat_parse.wants_to_book(text):
            return None
        return {"_score": 0.6} if _service_names() else None

    def render(self, result, lang: str) -> str:
        return render_services(result, lang)


@agent_tool(agent="chatbot", feature="core", requires=(("booking", "core"),), offline=ServicesOffline())
@tool
def booking_services(*, runtime: ToolRuntime[AgentContext]) -> dict:
    """The services the shop takes bookings for: name, duration in minutes and price."""
    with tenant_scope(runtime):
        return {"services": _services()}


# --- find free slots ------------------------------------------------------------------------


class FindSlotsOffline:
    def match(self, text: str, lang: str, turn) -> dict | None:
        if chat_parse.wants_to_book(text) and chat_parse.parse_time(text):
            return None  # a booking request with a time is booking_book's
        strong, weak = chat_parse.mentions_booking(text), chat_parse.mentions_booking_weakly(text)
        if not (strong or weak):
            return None
        services = _service_names()
        if not services:
            return None
        day = chat_parse.parse_day(text, now().astimezone(selectors.shop_timezone()).date())
        named = chat_parse.names_service(text, services)
        if strong:
            score = 0.7 if day or named else 0.55
        elif named:
            score = 0.65 if day else 0.5
        elif day:
            score = 0.45
        else:
            return None
        return {"service": text, "day": day.isoformat() if day else "", "_score": score}

    def render(self, result, lang: str) -> str:
        return render_slots(result, lang)


@agent_tool(agent="chatbot", feature="core", requires=(("booking", "core"),), offline=FindSlotsOffline())
@tool
def booking_find_slots(service: str = "", day: str = "", *, runtime: ToolRuntime[AgentContext]) -> dict:
    """Free appointment start times for a service on a day (YYYY-MM-DD, the shop's local date).
    service: the service's name or id. Without a day: the next day that has free times."""
    with tenant_scope(runtime):
        tz = selectors.shop_timezone()
        chosen = _resolve_service(service)
        if chosen is None:
            return {"error": "unknown_service", "services": _services()}
        today = now().astimezone(tz).date()
        try:
            days = [date.fromisoformat(day)] if day else [today + timedelta(days=i) for i in range(14)]
        except ValueError:
            return {"error": "bad_day", "services": _services()}
        for candidate in days:
            slots = selectors.available_slots(service=chosen, day=candidate, now=now())
            if slots or day:
                return {
                    "service": _service_dict(chosen),
                    "day": candidate.isoformat(),
                    "day_label": _day_label(candidate, getattr(runtime.context, "language", "sl")),
                    "timezone": str(tz),
                    "slots": _slot_dicts(slots[:MAX_SLOTS], tz),
                    "more": max(0, len(slots) - MAX_SLOTS),
                }
        return {"service": _service_dict(chosen), "day": "", "slots": [], "more": 0, "timezone": str(tz)}


# --- book (two steps) ------------------------------------------------------------------------


def _earlier_text(turn) -> str:
    """The shopper's earlier messages (for a day or service mentioned before)."""
    humans = [m.content for m in getattr(turn, "history", []) if isinstance(m, HumanMessage)]
    return " ".join(str(h) for h in humans[:-1][-4:])


class BookOffline:
    def match(self, text: str, lang: str, turn) -> dict | None:
        history = list(getattr(turn, "history", []) or [])
        last_ai = next((m for m in reversed(history) if isinstance(m, AIMessage) and m.content), None)
        if chat_parse.is_yes(text):
            asked = last_ai is not None and any(marker in str(last_ai.content) for marker in CONFIRM_MARKERS)
            return {"confirm": True, "_score": 0.95} if asked else None
        if not chat_parse.wants_to_book(text) or not _service_names():
            return None
        today = now().astimezone(selectors.shop_timezone()).date()
        earlier = _earlier_text(turn)
        day = chat_parse.parse_day(text, today) or chat_parse.parse_day(earlier, today)
        return {
            "service": f"{text} {earlier}",
            "day": day.isoformat() if day else "",
            "time": chat_parse.parse_time(text) or "",
            "customer_name": chat_parse.parse_name(text),
            "customer_email": chat_parse.parse_email(text),
            "customer_phone": chat_parse.parse_phone(text),
            "confirm": False,
            "_score": 0.8,
        }

    def render(self, result, lang: str) -> str:
        return render_book(result, lang)


def _propose(runtime, context, *, service, day, time, customer_name, customer_email, customer_phone) -> dict:
    tz = selectors.shop_timezone()
    chosen = _resolve_service(service)
    if chosen is None:
        return {"status": "unknown_service", "services": _services()}
    missing = [
        field
        for field, value in (("day", day), ("time", time), ("customer_name", customer_name))
        if not str(value or "").strip()
    ]
    if not (customer_email or customer_phone):
        missing.append("contact")
    if missing:
        return {"status": "missing", "missing": missing, "service": _service_dict(chosen)}
    try:
        wanted_day = date.fromisoformat(day)
        hour, minute = (int(part) for part in time.split(":"))
        start = datetime(wanted_day.year, wanted_day.month, wanted_day.day, hour, minute, tzinfo=tz)
    except ValueError:
        return {"status": "missing", "missing": ["day", "time"], "service": _service_dict(chosen)}
    slots = selectors.available_slots(service=chosen, day=wanted_day, now=now())
    match = next((slot for slot in slots if slot.start == start), None)
    if match is None:
        return {
            "status": "unavailable",
            "service": _service_dict(chosen),
            "day_label": _day_label(wanted_day, context.language),
            "time": time,
            "alternatives": _slot_dicts(slots[:6], tz),
        }
    proposal = {
        "service_id": chosen.pk,
        "start": match.start.isoformat(),
        "customer_name": customer_name.strip()[:200],
        "customer_email": customer_email.strip(),
        "customer_phone": customer_phone.strip(),
        "language": context.language,
        "human_count": _human_count(runtime),
    }
    cache.set(_proposal_key(context), proposal, PROPOSAL_SECONDS)
    return {
        "status": "confirm",
        "service": _service_dict(chosen),
        "day_label": _day_label(wanted_day, context.language),
        "time": time,
        "customer_name": proposal["customer_name"],
        "customer_email": proposal["customer_email"],
        "customer_phone": proposal["customer_phone"],
    }


def _confirm(runtime, context) -> dict:
    from booking.models import BookingSource, Service
    from booking.services import BookingError, SlotUnavailable, booking_create

    key = _proposal_key(context)
    proposal = cache.get(key)
    if not proposal:
        return {"status": "no_proposal"}
    # The shopper must have answered after the proposal, and with a confirmation.
    if _human_count(runtime) <= proposal["human_count"] or not chat_parse.is_yes(_last_human_text(runtime)):
        return {"status": "needs_confirmation"}
    cache.delete(key)  # one confirmation books once, even if the model calls us twice
    tz = selectors.shop_timezone()
    service = Service.objects.filter(pk=proposal["service_id"], active=True).first()
    if service is None:
        return {"status": "unknown_service", "services": _services()}
    start = datetime.fromisoformat(proposal["start"])
    try:
        booking = booking_create(
            service=service,
            staff=None,
            start=start,
            customer_name=proposal["customer_name"],
            customer_email=proposal["customer_email"],
            customer_phone=proposal["customer_phone"],
            source=BookingSource.CHATBOT,
            now=now(),
            language=proposal.get("language", "sl"),
        )
    except SlotUnavailable as exc:
        return {"status": "taken", "alternatives": _slot_dicts(exc.alternatives[:6], tz)}
    except BookingError as exc:
        return {"status": "error", "message": str(exc)}
    local = booking.slot_from.astimezone(tz)
    return {
        "status": "booked",
        "booking_id": booking.pk,
        "service": _service_dict(service),
        "staff": booking.staff.name,
        "day_label": _day_label(local.date(), context.language),
        "time": local.strftime("%H:%M"),
        "email_sent": bool(booking.customer_email),
    }


@agent_tool(agent="chatbot", feature="core", requires=(("booking", "core"),), offline=BookOffline())
@tool
def booking_book(
    service: str = "",
    day: str = "",
    time: str = "",
    customer_name: str = "",
    customer_email: str = "",
    customer_phone: str = "",
    confirm: bool = False,
    *,
    runtime: ToolRuntime[AgentContext],
) -> dict:
    """Book an appointment in two steps. First call with confirm=false and the service, day
    (YYYY-MM-DD), time (HH:MM, shop's local time), customer_name and an email or phone: this only
    checks the slot and asks the shopper to confirm. Only after the shopper has replied yes, call
    again with confirm=true (no other arguments needed) to make the booking."""
    with tenant_scope(runtime) as context:
        if not context.session_id:
            return {"status": "no_session"}
        if confirm:
            return _confirm(runtime, context)
        return _propose(
            runtime,
            context,
            service=service,
            day=day,
            time=time,
            customer_name=customer_name,
            customer_email=customer_email,
            customer_phone=customer_phone,
        )
