"""Shared pieces of the add-on tools: the chat session from the AgentContext, products named in a
message, and "did the shopper really type this" checks (a model must not invent contact details).
"""

import re

from langchain_core.messages import HumanMessage

from addons import intents


def chat_session(context):
    """The shopper's ChatSession of this turn (from our AgentContext, never from the model)."""
    from chatbot.models import ChatSession

    if context is None or not context.session_id or context.agent != "chatbot":
        return None
    return ChatSession.objects.filter(session_id=context.session_id).first()


def shopper_texts(session, limit: int = 10) -> list[str]:
    if session is None:
        return []
    rows = session.messages.filter(role="user").order_by("-id").values_list("content", flat=True)[:limit]
    return list(rows)


def typed_by_shopper(value: str, session) -> str:
    """`value` if the shopper typed it in one of their recent messages (or there is no session,
    e.g. the CLI/API channel where our own code is the caller), else ""."""
    value = (value or "").strip()
    if not value or session is None:
        return value
    return value if any(value.lower() in text.lower() for text in shopper_texts(session)) else ""


def resolve_product(wanted: str):
    """A ProductHit by code, id or name (best search hit), or None."""
    from shop.selectors import product_get, product_search

    wanted = (wanted or "").strip()[:200]
    if not wanted:
        return None
    hit = product_get(external_id=wanted)
    if hit is None and wanted.isdigit():
        hit = product_get(product_id=int(wanted))
    if hit is None:
        hits = product_search(query=wanted, limit=1)
        hit = hits[0] if hits and hits[0].score >= 0.3 else None
    return hit


def product_in_message(text: str, lang: str, *, exact: bool = False) -> str:
    """The name (or code) of a product the message names, or "". `exact`: only a code or a name
    whose every word appears (not merely the best search hit)."""
    from llm.shopper_intent import read_query
    from shop.selectors import product_search

    query = read_query(text, lang)
    if query.codes:
        return query.codes[0]
    if not query.content_words:
        return ""
    hits = product_search(query=" ".join(query.content_words), limit=5)
    named = intents.mentions_any(text, [hit.name for hit in hits])
    if named:
        return named
    return hits[0].name if hits and hits[0].score >= 0.6 and not exact else ""


def earlier_human(turn, pattern: re.Pattern, *, back: int = 3) -> str:
    """The most recent of the last `back` earlier shopper messages matching `pattern`, or ""."""
    from llm.offline import message_text

    humans = [m for m in (getattr(turn, "history", None) or []) if isinstance(m, HumanMessage)]
    for message in reversed(humans[:-1][-back:]):
        text = message_text(message)
        if pattern.search(intents.plain(text)):
            return text
    return ""
