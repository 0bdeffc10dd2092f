"""The chatbot's lead-capture tool: stores the shopper's own contact details as a lead.

Registered with the llm tool registry at app start (chatbot.apps.ready), beside the product/FAQ
tools of chatbot/tools.py. The session comes from the runtime context, never from the model, and
only contact details the shopper typed in their latest message are accepted: a model cannot
invent a lead, and the shopper's own words are kept as the consent record.
"""

from langchain.tools import ToolRuntime, tool

from chatbot import rules
from llm.context import AgentContext
from llm.registry import agent_tool

_CONTACT_WORDS = (
    "contact",
    "call",
    "email",
    "mail",
    "phone",
    "reach",
    "kontakt",
    "pokli",
    "javite",
    "pisite",
    "telefon",
    "stevilk",
    "naslov",
)


class LeadCaptureOffline:
    """Offline hooks: a message with an email or phone number and a wish to be contacted."""

    def match(self, text: str, lang: str, turn) -> dict | None:
        from shop.search import normalize

        email = rules.EMAIL_RE.search(text or "")
        phone = rules.PHONE_RE.search(text or "")
        if not email and not phone:
            return None
        plain = normalize(text)
        asked = any(word in plain for word in _CONTACT_WORDS) or rules.wants_contact(text)
        return {
            "email": email.group(0) if email else "",
            "phone": phone.group(0).strip() if phone else "",
            "_score": 0.9 if asked else 0.5,
        }

    def render(self, result, lang: str) -> str:
        if not isinstance(result, dict) or not result.get("saved"):
            reason = (result or {}).get("error") if isinstance(result, dict) else ""
            return reason or (
                "Podatkov nisem mogel shraniti." if lang == "sl" else "I could not save your details."
            )
        contact = result.get("email") or result.get("phone")
        if lang == "sl":
            return f"Hvala! Vaš kontakt ({contact}) sem posredoval trgovini, oglasili se vam bodo."
        return f"Thank you! I have passed your contact ({contact}) to the shop; they will get back to you."


@agent_tool(agent="chatbot", feature="core", offline=LeadCaptureOffline())
@tool
def lead_capture(
    runtime: ToolRuntime[AgentContext], email: str = "", phone: str = "", name: str = "", message: str = ""
) -> dict:
    """Save the shopper's contact details (email and/or phone) so the shop can contact them.
    Only call this when the shopper typed their own email or phone number and wants to be contacted."""
    from django.core.exceptions import ValidationError
    from django.db import connection

    from chatbot.models import ChatSession
    from chatbot.services import lead_create

    context = runtime.context
    session = (
        ChatSession.objects.filter(session_id=context.session_id).first() if context.session_id else None
    )
    if session is None:
        return {"saved": False, "error": "No chat session."}
    last = (
        session.messages.filter(role="user").order_by("-id").values_list("content", flat=True).first() or ""
    )
    email = email.strip() if email and email.strip() in last else ""
    phone = phone.strip() if phone and phone.strip() in last else ""
    try:
        lead = lead_create(
            account=connection.tenant,
            session=session,
            name=name,
            email=email,
            phone=phone,
            message=message or last,
            consent=True,
            consent_text=f"The shopper typed these contact details in the chat: «{last[:500]}»",
            source_addon="core",
            language=context.language,
        )
    except ValidationError as exc:
        return {"saved": False, "error": next(iter(exc.message_dict.values()))[0]}
    return {"saved": True, "lead_id": lead.pk, "email": lead.email, "phone": lead.phone}
