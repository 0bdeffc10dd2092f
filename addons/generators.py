"""The two generators: product descriptions (assistant.description_generator) and FAQ drafts
(chatbot.faq_generator).

A drafted description never touches Product.description: it becomes an assistant action
("description_change") that the owner reviews, may edit, and approves; only the approved action's
executor writes it (assistant.executors → shop.services.product_description_set).
FAQ drafts are chatbot FAQs with status "draft": the chatbot answers from published FAQs only,
so nothing reaches shoppers until the owner publishes it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from addons import drafting

MAX_CHAT_MESSAGES = 5000


def description_draft_propose(*, product_id: int, language: str = "sl", session=None):
    """Draft a description for one product and propose it for approval. Returns the action."""
    from assistant.actions import action_propose
    from shop.selectors import product_get

    if language not in drafting.LANGUAGES:
        raise ValidationError({"language": _("Language must be 'sl' or 'en'.")})
    hit = product_get(product_id=product_id)
    if hit is None:
        raise ValidationError({"product_id": _("No such product.")})
    text = drafting.description_draft(
        name=hit.name, category=hit.category, attributes=hit.attributes, lang=language
    )
    return action_propose(
        action_type="description_change",
        payload={"product_id": hit.id, "description": text},
        summary=f"New description for {hit.name}"[:500],
        proposed_by="addon:description_generator",
        session=session,
    )


def _chat_questions() -> list[drafting.ChatQuestion]:
    """Shopper messages, each with the bot's answer that followed it (if any)."""
    from chatbot.models import ChatMessage

    rows = (
        ChatMessage.objects.filter(role__in=("user", "assistant"))
        .order_by("-id")
        .values_list("session_id", "role", "content")[:MAX_CHAT_MESSAGES]
    )
    rows = list(reversed(rows))
    questions = []
    for index, (session_id, role, content) in enumerate(rows):
        if role != "user":
            continue
        following = rows[index + 1] if index + 1 < len(rows) else None
        answer = (
            following[2] if following and following[0] == session_id and following[1] == "assistant" else ""
        )
        if answer and _is_non_answer(answer):
            answer = ""
        questions.append(drafting.ChatQuestion(text=content, session=str(session_id), bot_answer=answer))
    return questions


def _is_non_answer(text: str) -> bool:
    from llm.guardrails import phrase

    start = text.strip()[:40]
    return any(
        phrase(kind, lang)[:40] == start for kind in ("dont_know", "tool_failed") for lang in ("sl", "en")
    )


def faq_candidates(
    *, language: str = "sl", min_sessions: int = 2, limit: int = 10
) -> list[drafting.FaqCandidate]:
    """New FAQ candidates: frequent chat questions and policy texts not covered by an FAQ yet."""
    from chatbot.models import FAQ
    from shop.selectors import company_info_get

    if language not in drafting.LANGUAGES:
        raise ValidationError({"language": _("Language must be 'sl' or 'en'.")})
    if not isinstance(min_sessions, int) or isinstance(min_sessions, bool) or not 1 <= min_sessions <= 100:
        raise ValidationError({"min_sessions": _("Must be a whole number from 1 to 100.")})
    known = {drafting.question_key(q) for q in FAQ.objects.values_list("question", flat=True)}
    candidates = drafting.policy_faqs(company_info_get().policies or {}, lang=language)
    candidates += drafting.frequent_questions(
        _chat_questions(), min_sessions=min_sessions, lang=language, limit=limit
    )
    fresh, seen = [], set(known)
    for candidate in candidates:
        key = drafting.question_key(candidate.question)
        if key and key not in seen:
            seen.add(key)
            fresh.append(candidate)
    return fresh[:limit]


def faq_drafts_generate(*, language: str = "sl", min_sessions: int = 2, limit: int = 10) -> list:
    """Store the candidates as draft FAQs (chatbot.services.faq_save). Returns the FAQs created."""
    from chatbot.services import faq_save

    candidates = faq_candidates(language=language, min_sessions=min_sessions, limit=limit)
    with transaction.atomic():
        return [
            faq_save(question=c.question, answer=c.answer, category=c.category, status="draft")
            for c in candidates
        ]
