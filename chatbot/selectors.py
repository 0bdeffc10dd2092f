"""Reads for the chatbot: FAQ search (used by the llm FAQ tool), sessions, transcripts, leads."""

import re
from dataclasses import dataclass
from datetime import date

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from chatbot.models import FAQ, ChatLead, ChatMessage, ChatSession
from shop.search import normalize

_TOKEN = re.compile(r"[a-z0-9]+")
# Function words of both languages: matching on them would make every FAQ a hit.
_STOP = frozenset(
    """
    the a an and or of for to in on at is are be do does did you your we our i me my it this that
    what which who when where why how can could would will with from have has about there any
    ali in je so se za na v pri od do po z s iz mi vi vas vam kaj kako kje kdaj zakaj koliko
    kateri katera imate lahko bi da ne pa tudi ste sem smo
    """.split()
)


@dataclass(frozen=True)
class FaqHit:
    id: int
    question: str
    answer: str
    category: str
    score: float


def _terms(query: str) -> list[str]:
    return [t for t in _TOKEN.findall(normalize(query)) if len(t) >= 3 and t not in _STOP][:12]


def faq_search(*, query: str, limit: int = 5) -> list[FaqHit]:
    """Published FAQs that best match the shopper's words, best first (drafts never leave)."""
    terms = _terms(query or "")
    if not terms:
        return []
    limit = max(1, min(int(limit), 20))
    # Per-term trigram word similarity tolerates typos and inflection ("dostave" ~ "dostava");
    # a term counts when it is close to some word of the FAQ. Score = share of matched terms,
    # plus the best single similarity as a tie-breaker.
    qs = FAQ.objects.filter(status=FAQ.Status.PUBLISHED)
    annotations = {f"s{i}": TrigramWordSimilarity(term, "search_text") for i, term in enumerate(terms)}
    rows = qs.annotate(**annotations).filter(
        Q(*[Q(**{f"s{i}__gte": 0.5}) for i in range(len(terms))], _connector=Q.OR)
    )
    hits = []
    for faq in rows[:200]:
        sims = [getattr(faq, f"s{i}") or 0.0 for i in range(len(terms))]
        matched = sum(1 for s in sims if s >= 0.5)
        score = matched / len(terms) + 0.1 * max(sims)
        hits.append(
            FaqHit(id=faq.pk, question=faq.question, answer=faq.answer, category=faq.category, score=score)
        )
    hits.sort(key=lambda h: (-h.score, h.id))
    return hits[:limit]


def session_for_widget(*, session_id: str, visitor_id: str) -> ChatSession | None:
    """The session only if it belongs to this visitor (both come from the widget)."""
    if not session_id or not visitor_id:
        return None
    return ChatSession.objects.filter(session_id=session_id, visitor_id=visitor_id).first()


def messages_after(*, session: ChatSession, cursor: int = 0, limit: int = 200) -> list[ChatMessage]:
    return list(session.messages.filter(id__gt=max(0, cursor)).order_by("id")[:limit])


def history_for_agent(*, session: ChatSession, up_to_id: int, limit: int = 20) -> list[dict]:
    """The last turns, oldest first, as the agent runtime wants them (owner turns read as the bot)."""
    rows = list(
        session.messages.filter(id__lte=up_to_id, role__in=["user", "assistant", "owner"])
        .order_by("-id")
        .values_list("role", "content")[:limit]
    )
    rows.reverse()
    return [{"role": "user" if role == "user" else "assistant", "content": content} for role, content in rows]


def reply_pending(*, session: ChatSession) -> bool:
    """A shopper message is waiting for the bot (the last message is the shopper's, bot mode)."""
    if session.handoff_status != ChatSession.Handoff.BOT:
        return False
    last = session.messages.order_by("-id").values_list("role", flat=True).first()
    return last == ChatMessage.Role.USER


def session_list(
    *,
    query: str = "",
    handoff: str = "",
    lead: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[ChatSession]:
    qs = ChatSession.objects.all()
    if query:
        qs = qs.filter(
            Q(visitor_id__icontains=query)
            | Q(session_id__icontains=query)
            | Exists(ChatMessage.objects.filter(session=OuterRef("pk"), content__icontains=query))
        )
    if handoff in ChatSession.Handoff.values:
        qs = qs.filter(handoff_status=handoff)
    if lead == "yes":
        qs = qs.filter(has_lead=True)
    elif lead == "no":
        qs = qs.filter(has_lead=False)
    if date_from:
        qs = qs.filter(last_activity_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(last_activity_at__date__lte=date_to)
    last = ChatMessage.objects.filter(session=OuterRef("pk")).order_by("-id").values("content")[:1]
    return qs.annotate(last_content=Subquery(last)).order_by("-last_activity_at")


def lead_list() -> QuerySet[ChatLead]:
    return ChatLead.objects.select_related("session").order_by("-created_at")


def visitor_export(*, visitor_id: str) -> dict:
    """Everything we hold about one visitor (GDPR access request)."""
    sessions = ChatSession.objects.filter(visitor_id=visitor_id).order_by("started_at")
    return {
        "visitor_id": visitor_id,
        "sessions": [
            {
                "session_id": s.session_id,
                "customer_id": s.customer_id,
                "channel": s.channel,
                "language": s.language,
                "started_at": s.started_at.isoformat(),
                "last_activity_at": s.last_activity_at.isoformat(),
                "messages": [m.as_dict() for m in s.messages.order_by("id")],
            }
            for s in sessions
        ],
        "leads": [
            {
                "name": lead.name,
                "email": lead.email,
                "phone": lead.phone,
                "message": lead.message,
                "consent": lead.consent,
                "consent_text": lead.consent_text,
                "consented_at": lead.consented_at.isoformat() if lead.consented_at else None,
                "created_at": lead.created_at.isoformat(),
            }
            for lead in ChatLead.objects.filter(visitor_id=visitor_id).order_by("created_at")
        ],
    }
