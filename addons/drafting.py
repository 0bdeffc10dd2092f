"""Draft texts for the generators (pure, no ORM): a product description from the product's own
facts, and FAQ candidates from frequent shopper questions and the shop's policies.

Nothing here invents facts: a description states only the name, category and attributes it was
given; an FAQ answer is a policy text or the bot's own earlier answer, or marked as missing.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from shop.search import normalize

ATTRIBUTE_LABELS = {
    "color": ("Colours", "Barve"),
    "colour": ("Colours", "Barve"),
    "size": ("Sizes", "Velikosti"),
    "sizes": ("Sizes", "Velikosti"),
    "material": ("Material", "Material"),
    "brand": ("Brand", "Znamka"),
    "use": ("Use", "Uporaba"),
    "weight": ("Weight", "Teža"),
    "dimensions": ("Dimensions", "Mere"),
}
LANGUAGES = ("sl", "en")


def _items(value) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [str(v).strip() for v in items if isinstance(v, str | int | float) and str(v).strip()]


def description_draft(
    *, name: str, category: str = "", attributes: dict | None = None, lang: str = "sl"
) -> str:
    """A short, factual product description in Slovenian or English."""
    sl = lang == "sl"
    name = (name or "").strip()
    parts = []
    if category:
        parts.append(
            f"{name} iz naše ponudbe v kategoriji {category.strip()}."
            if sl
            else f"{name} from our {category.strip()} range."
        )
    else:
        parts.append(f"{name} iz naše ponudbe." if sl else f"{name}, from our range.")
    facts = []
    for key, value in sorted((attributes or {}).items()):
        values = _items(value)
        if not values or not isinstance(key, str):
            continue
        en_label, sl_label = ATTRIBUTE_LABELS.get(key.lower(), (key.replace("_", " ").capitalize(),) * 2)
        facts.append(f"{sl_label if sl else en_label}: {', '.join(values[:12])}")
    if facts:
        parts.append(("Lastnosti – " if sl else "Details – ") + "; ".join(facts) + ".")
    parts.append(
        "Za vprašanja o izdelku smo vam na voljo v klepetu."
        if sl
        else "Questions about it? Ask us in the chat."
    )
    return " ".join(parts)


# --- FAQ candidates -------------------------------------------------------------------------

_STOP = set(
    "a ali and any are as at be bi can da do does for from have how i in is it je kaj kako kdaj "
    "kje koliko lahko me mi my na of on or se si so the to v vas vi we what when where will with "
    "you your z za ze".split()
)
_QUESTION = re.compile(r"\?|^(ali|kako|kdaj|kje|koliko|kaj|zakaj|do|does|can|how|when|where|what|is|are)\b")

POLICY_QUESTIONS = {
    "shipping": ("How does shipping work and what does it cost?", "Kako poteka dostava in koliko stane?"),
    "returns": ("Can I return a product?", "Ali lahko izdelek vrnem?"),
    "payment": ("How can I pay?", "Kako lahko plačam?"),
    "warranty": ("What warranty do products have?", "Kakšno garancijo imajo izdelki?"),
}
MISSING_ANSWER = {
    "sl": "Odgovor še manjka – dopolnite ga pred objavo.",
    "en": "The answer is missing – write it before publishing.",
}


@dataclass
class ChatQuestion:
    text: str
    session: str
    bot_answer: str = ""


@dataclass
class FaqCandidate:
    question: str
    answer: str
    category: str
    count: int = 1
    sessions: set = field(default_factory=set)
    answered: bool = True

    def as_dict(self) -> dict:
        return {
            "question": self.question,
            "answer": self.answer,
            "category": self.category,
            "count": self.count,
            "answered": self.answered,
        }


def question_key(text: str) -> str:
    """Questions with the same content words (first five letters, for inflection) share a key."""
    words = re.findall(r"\w+", normalize(text))
    stems = sorted({w[:5] for w in words if w not in _STOP and len(w) > 2 and not w.isdigit()})
    return " ".join(stems)


def is_question(text: str) -> bool:
    plain = normalize(text).strip()
    return 8 <= len(plain) <= 300 and bool(_QUESTION.search(plain))


def frequent_questions(
    questions: list[ChatQuestion], *, min_sessions: int = 2, lang: str = "sl", limit: int = 10
) -> list[FaqCandidate]:
    """Questions asked in at least `min_sessions` conversations, most frequent first."""
    groups: dict[str, list[ChatQuestion]] = defaultdict(list)
    for item in questions:
        if is_question(item.text):
            key = question_key(item.text)
            if key:
                groups[key].append(item)
    result = []
    for items in groups.values():
        sessions = {i.session for i in items}
        if len(sessions) < min_sessions:
            continue
        answered = [i for i in items if i.bot_answer]
        answer = answered[0].bot_answer if answered else MISSING_ANSWER[lang]
        result.append(
            FaqCandidate(
                question=items[0].text.strip(),
                answer=answer,
                category="chat",
                count=len(items),
                sessions=sessions,
                answered=bool(answered),
            )
        )
    result.sort(key=lambda c: (-len(c.sessions), -c.count, c.question))
    return result[:limit]


def policy_faqs(policies: dict, *, lang: str = "sl") -> list[FaqCandidate]:
    """One FAQ per shop policy text (shipping, returns, payment, warranty) in the language."""
    result = []
    for topic, (en_question, sl_question) in POLICY_QUESTIONS.items():
        value = (policies or {}).get(topic)
        text = (
            value.get(lang) or next(iter(value.values()), "") if isinstance(value, dict) and value else value
        )
        if isinstance(text, str) and text.strip():
            question = sl_question if lang == "sl" else en_question
            result.append(FaqCandidate(question=question, answer=text.strip(), category=topic))
    return result
