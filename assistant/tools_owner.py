"""The assistant's tools beyond analytics: leads and bookings (where those agents are on),
memory, and proposing actions for the owner's approval. Imported by assistant/tools.py."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from langchain.tools import ToolRuntime, tool

from assistant import answers, selectors
from assistant.actions import action_propose
from assistant.analytics import account_timezone, local_day_bounds
from assistant.executors import EXECUTORS
from assistant.intents import Hooks
from assistant.models import AssistantSession
from assistant.periods import parse_period
from assistant.proposals import proposal_from_text
from assistant.services import memory_remember
from assistant.tools import _notes, _period_dict, _today
from llm.context import AgentContext
from llm.registry import agent_tool
from llm.tooling import tenant_scope


def _bounds(period):
    tz = account_timezone()
    return local_day_bounds(period.start, tz)[0], local_day_bounds(period.end, tz)[1]


@agent_tool(
    agent="assistant",
    requires=(("chatbot", "core"),),
    offline=Hooks("leads", lambda t, lang, turn: {"period": t}, answers.render_leads),
)
@tool
def leads_summary(period: str, runtime: ToolRuntime[AgentContext]) -> dict:
    """Leads (contact details shoppers left in the chat) captured in a period."""
    from chatbot.selectors import lead_list

    with tenant_scope(runtime):
        parsed = parse_period(period, _today(runtime))
        start, end = _bounds(parsed)
        leads = lead_list().filter(created_at__gte=start, created_at__lt=end)
        return {
            "kind": "leads",
            "period": _period_dict(parsed),
            "count": leads.count(),
            "leads": [
                {
                    "id": lead.pk,
                    "name": lead.name,
                    "contact": lead.email or lead.phone,
                    "created": timezone.localtime(lead.created_at).date().isoformat(),
                }
                for lead in leads[:10]
            ],
        }


@agent_tool(
    agent="assistant",
    requires=(("booking", "core"),),
    offline=Hooks("bookings", lambda t, lang, turn: {"period": t}, answers.render_bookings),
)
@tool
def bookings_summary(period: str, runtime: ToolRuntime[AgentContext]) -> dict:
    """Active (not cancelled) bookings that take place in a period."""
    from booking.selectors import booking_list

    with tenant_scope(runtime):
        parsed = parse_period(period, _today(runtime))
        start, end = _bounds(parsed)
        bookings = booking_list(start=start, end=end, active_only=True)
        return {
            "kind": "bookings",
            "period": _period_dict(parsed),
            "count": bookings.count(),
            "bookings": [
                {
                    "id": item.pk,
                    "start": timezone.localtime(item.slot_from).strftime("%Y-%m-%d %H:%M"),
                    "service": item.service.name,
                    "customer": item.customer_name,
                }
                for item in bookings[:10]
            ],
        }


def _remember_args(text: str, lang: str, turn) -> dict:
    fact = text.strip()
    for prefix in (
        "remember that",
        "remember:",
        "please remember",
        "zapomni si, da",
        "zapomni si da",
        "zapomni si:",
    ):
        if fact.lower().startswith(prefix):
            fact = fact[len(prefix) :].strip()
    return {"fact": fact}


@agent_tool(agent="assistant", offline=Hooks("remember", _remember_args, answers.render_memory))
@tool
def remember(fact: str, runtime: ToolRuntime[AgentContext], key: str = "") -> dict:
    """Store a fact or preference the owner wants kept for later conversations (e.g. "our
    busiest day is Saturday", "always write in a formal tone"). `key` names it (optional)."""
    with tenant_scope(runtime):
        lowered = fact.lower()
        if not key:
            if any(word in lowered for word in ("tone", "formal", "ton", "slog", "vikanje", "tikanje")):
                key = "tone"
            elif any(word in lowered for word in ("busiest", "obremenjen", "prometen", "zaseden")):
                key = "busiest day"
            else:
                key = fact
        try:
            item = memory_remember(key=key, text=fact)
        except ValidationError as exc:
            return {"kind": "memory", "error": "; ".join(exc.messages)}
        return {"kind": "memory", "saved": {"key": item.key, "text": item.value["text"]}}


@agent_tool(agent="assistant", offline=Hooks("recall", lambda t, lang, turn: {}, answers.render_memory))
@tool
def recall(runtime: ToolRuntime[AgentContext]) -> dict:
    """Everything the owner asked the assistant to remember."""
    with tenant_scope(runtime):
        return {"kind": "memory", "items": selectors.memory_notes()}


def _propose_args(text: str, lang: str, turn) -> dict | None:
    return proposal_from_text(text, lang)


def _summary_of(action_type: str, payload: dict) -> str:
    detail = payload.get("product_name") or payload.get("question") or payload.get("campaign_type") or ""
    if payload.get("quantity"):
        detail += f" ({payload['quantity']})"
    if payload.get("booking_id"):
        detail = f"#{payload['booking_id']}"
    if payload.get("contact") or payload.get("lead_id"):
        detail = payload.get("contact") or f"#{payload['lead_id']}"
    return f"{EXECUTORS[action_type].label}: {detail}".strip(": ")


@agent_tool(agent="assistant", offline=Hooks("propose", _propose_args, answers.render_proposal))
@tool
def propose_action(
    action_type: str, payload: dict, runtime: ToolRuntime[AgentContext], summary: str = ""
) -> dict:
    """Propose an action for the owner to approve; nothing runs until they approve it.
    action_type: restock_reminder {product_name|product_id, quantity?, note?}; description_change
    {product_name|product_id, description}; faq_publish {question, answer}; campaign_draft
    {campaign_type, language}; booking_create {service_id, start (ISO with offset), customer_name};
    booking_cancel {booking_id}; lead_followup {lead_id?, contact?, note}."""
    with tenant_scope(runtime) as context:
        if action_type not in EXECUTORS:
            return {"kind": "proposal", "error": "unknown_type", "detail": action_type}
        payload = dict(payload or {})
        if "product_name" in payload and "product_id" not in payload:
            name = str(payload.pop("product_name"))
            product = selectors.product_find(name=name)
            if product is None:
                return {"kind": "proposal", "error": "no_product", "detail": name[:200]}
            payload["product_id"] = product.pk
        session = _session(context.session_id)
        try:
            action = action_propose(
                action_type=action_type,
                payload=payload,
                summary=summary,
                proposed_by="assistant",
                session=session,
            )
        except ValidationError as exc:
            return {"kind": "proposal", "error": "invalid", "detail": "; ".join(exc.messages)}
        if not action.summary:
            action.summary = _summary_of(action_type, action.payload)[:500]
            action.save(update_fields=["summary"])
        label = EXECUTORS[action_type].label
        return {
            "kind": "proposal",
            "action_id": action.pk,
            "action_type": action_type,
            "status": action.status,
            "summary": action.summary,
            "label": {"sl": _label_in(label, "sl"), "en": _label_in(label, "en")},
            "notes": _notes("tone", "ton", "formal", "slog")
            if action_type in ("description_change", "campaign_draft")
            else [],
        }


def _session(public_id) -> AssistantSession | None:
    try:
        return AssistantSession.objects.filter(public_id=public_id).first() if public_id else None
    except ValidationError:  # not a UUID: a chat from another surface (CLI, API)
        return None


def _label_in(label, lang: str) -> str:
    from django.utils import translation

    with translation.override(lang):
        return str(label)
