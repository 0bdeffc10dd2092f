"""Chatbot tools of the complaints (chatbot.support_tickets) and back-in-stock
(chatbot.stock_alerts) add-ons, with their offline hooks (sl/en)."""

from django.core.exceptions import ValidationError
from langchain.tools import ToolRuntime, tool

from addons import intents
from addons.tool_helpers import (
    chat_session,
    earlier_human,
    product_in_message,
    resolve_product,
    shopper_texts,
    typed_by_shopper,
)
from llm.context import AgentContext
from llm.registry import agent_tool
from llm.render import stock_text
from llm.tooling import tenant_scope

_KIND_SL = {"complaint": "reklamacijo", "return": "vračilo", "warranty": "garancijski zahtevek"}
_KIND_EN = {"complaint": "complaint", "return": "return", "warranty": "warranty claim"}


def _first_error(exc: ValidationError) -> tuple[str, str]:
    field, messages = next(iter(exc.message_dict.items()))
    return field, messages[0]


# --- support tickets -------------------------------------------------------------------------
class SupportTicketOffline:
    def match(self, text: str, lang: str, turn) -> dict | None:
        email = intents.email_in(text)
        if intents.complaint_intent(text):
            issue = text
        elif email or intents.order_ref_in(text):
            # A follow-up: the shopper answers our request for an email / order number.
            issue = earlier_human(turn, intents.COMPLAINT)
            if not issue:
                return None
        else:
            return None
        order_ref = intents.order_ref_in(text) or intents.order_ref_in(issue)
        return {
            "issue": issue[:2000],
            "email": email,
            "order_ref": order_ref,
            "kind": intents.ticket_kind(issue),
            "_score": 0.92,
        }

    def render(self, result, lang: str) -> str:
        sl = lang == "sl"
        if not isinstance(result, dict):
            return ""
        if result.get("created"):
            kind = (_KIND_SL if sl else _KIND_EN).get(result.get("kind"), "")
            order = result.get("order_ref")
            if sl:
                text = f"Vašo {kind} sem zabeležil pod številko {result['ticket_id']}."
                if order:
                    text += (
                        f" Naročilo {order} {'smo našli' if result.get('order_found') else 'bomo preverili'}."
                    )
                return text + f" Odgovor dobite na {result['email'] or 'svoj kontakt'}."
            text = f"I have recorded your {kind} as ticket {result['ticket_id']}."
            if order:
                text += f" Order {order} {'was found' if result.get('order_found') else 'will be checked'}."
            return text + f" We will reply to {result['email'] or 'your contact'}."
        if result.get("missing") == "email":
            if sl:
                return (
                    "Žal mi je za težave. Da lahko odpremo reklamacijo, mi prosim napišite svoj e-naslov "
                    "in številko naročila."
                )
            return "I'm sorry about that. To open a ticket, please write your email address and order number."
        return result.get("error") or ""


@agent_tool(agent="chatbot", feature="support_tickets", offline=SupportTicketOffline())
@tool
def support_ticket_create(
    issue: str,
    email: str = "",
    order_ref: str = "",
    kind: str = "complaint",
    name: str = "",
    *,
    runtime: ToolRuntime[AgentContext],
) -> dict:
    """Open a complaint, return or warranty ticket for the shopper. issue: what is wrong, in the
    shopper's words; email: the address the shopper typed; order_ref: their order number if given;
    kind: complaint | return | warranty. Without an email it asks the shopper for one."""
    from addons.services import ticket_create

    with tenant_scope(runtime) as context:
        session = chat_session(context)
        email = typed_by_shopper(email, session)
        if not email:
            return {"created": False, "missing": "email"}
        try:
            ticket = ticket_create(
                issue=issue,
                email=email,
                name=name,
                order_ref=typed_by_shopper(order_ref, session),
                kind=kind if kind in _KIND_EN else "complaint",
                session=session,
                language=context.language,
            )
        except ValidationError as exc:
            field, message = _first_error(exc)
            return {"created": False, "error": f"{field}: {message}"}
        return {
            "created": True,
            "ticket_id": ticket.pk,
            "kind": ticket.kind,
            "email": ticket.email,
            "order_ref": ticket.order_ref,
            "order_found": ticket.order_found,
        }


# --- back-in-stock alerts --------------------------------------------------------------------
class StockAlertOffline:
    def match(self, text: str, lang: str, turn) -> dict | None:
        plain = intents.plain(text)
        email = intents.email_in(text)
        source = text if intents.NOTIFY.search(plain) else ""
        if not source and email:
            source = earlier_human(turn, intents.NOTIFY)
        if not source:
            return None
        product = product_in_message(source, lang)
        if not product:
            return None
        return {"product": product, "email": email, "_score": 0.93}

    def render(self, result, lang: str) -> str:
        sl = lang == "sl"
        if not isinstance(result, dict):
            return ""
        name = result.get("product_name", "")
        if result.get("subscribed"):
            if sl:
                return f"Dogovorjeno: ko bo {name} spet na zalogi, vam pišemo na {result['email']} (enkrat)."
            return f"Done: when {name} is back in stock, we will email {result['email']} (once)."
        if result.get("in_stock"):
            if sl:
                return f"{name} je že na zalogi ({stock_text(result.get('stock', 0), lang)})."
            return f"{name} is in stock already ({stock_text(result.get('stock', 0), lang)})."
        if result.get("missing") == "email":
            if sl:
                return f"Z veseljem vas obvestim, ko bo {name} spet na zalogi. Na kateri e-naslov vam pišem?"
            return f"Happy to let you know when {name} is back in stock. Which email address should we use?"
        if result.get("missing") == "product":
            return "Katerega izdelka ne najdem." if sl else "I can't find that product."
        return result.get("error") or ""


@agent_tool(agent="chatbot", feature="stock_alerts", offline=StockAlertOffline())
@tool
def stock_alert_subscribe(product: str, email: str = "", *, runtime: ToolRuntime[AgentContext]) -> dict:
    """Email the shopper once when an out-of-stock product is back. product: its code or name;
    email: the address the shopper typed (ask for it when missing)."""
    from addons.stock_alerts import stock_subscribe

    with tenant_scope(runtime) as context:
        hit = resolve_product(product)
        if hit is None:
            return {"subscribed": False, "missing": "product", "query": (product or "")[:200]}
        base = {"product_name": hit.name, "product_id": hit.id}
        if hit.in_stock:
            return {**base, "subscribed": False, "in_stock": True, "stock": hit.stock_quantity}
        session = chat_session(context)
        email = typed_by_shopper(email, session)
        if not email:
            return {**base, "subscribed": False, "missing": "email"}
        said = next(iter(shopper_texts(session, limit=1)), "")
        try:
            row, created = stock_subscribe(
                product_id=hit.id,
                email=email,
                consent=True,
                consent_text=f"Asked in the chat to be emailed when «{hit.name}» is back: «{said[:500]}»",
                language=context.language,
            )
        except ValidationError as exc:
            field, message = _first_error(exc)
            return {**base, "subscribed": False, "error": f"{field}: {message}"}
        return {**base, "subscribed": True, "created": created, "email": row.email}
