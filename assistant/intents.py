"""The offline engine's understanding of owner questions (pure, no ORM): which tool a message is
for, with which arguments, in Slovenian and English. Each tool's hooks = `Hooks(intent, ...)`."""

import re
from collections.abc import Callable
from dataclasses import dataclass

from shop.search import normalize


def _rx(*patterns: str) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


INTENTS: dict[str, re.Pattern] = {
    "propose": _rx(
        r"\b(remind|reminder)\b.*\b(restock|order more|reorder)\b|\brestock reminder\b",
        r"\bopomni\w*\b.*\b(zalog\w*|naroc\w*|dobav\w*)|\bopomnik\w* za (dobavo|zalogo)",
        r"\b(change|set|update|replace)\b.{0,20}\bdescription of\b",
        r"\b(spremeni|zamenjaj|posodobi)\w*\b.{0,20}\bopis\b",
        r"\b(publish|add|create)\b.{0,10}\bfaq\b|\bobjavi\w*\b.{0,30}\b(faq|pogosto vprasanje)",
        r"\b(draft|prepare|create)\b.{0,30}\b(campaign|newsletter)\b|\bpripravi\w*\b.{0,30}\b(kampanj\w*|e-?novic\w*)",
        r"\bfollow[- ]?up\b.{0,30}\blead\b|\b(sledi|poklici|kontaktiraj|odgovori)\b.{0,30}\b(kontakt\w*|lead\w*|stranko)",
        r"\b(cancel|preklici)\w*\b.{0,20}\b(booking|rezervacij\w*)\b",
    ),
    "recall": _rx(
        r"\bwhat do you (remember|know about (us|me|my shop))\b",
        r"\bkaj (si si zapomnil\w*|si zapomnis|ves o (nas|meni))\b",
    ),
    "remember": _rx(
        r"\bremember\b|\bnote that\b|\balways (write|use|answer|reply)\b|\bour busiest day\b",
        r"\bzapomni\b|\bvedno (pisi|piši|uporabljaj|odgovarjaj)\b|\bnas najbolj\w* (obremenjen|prometen)\w* dan\b",
        r"\bnajbolj\w* (obremenjen|prometen|zaseden)\w* dan je\b|\bupostevaj, da\b",
    ),
    "compare": _rx(r"\b(compare|comparison|compared|versus|vs)\b", r"\b(primerjaj|primerjav\w*)\b"),
    "products": _rx(
        r"\b(best|top|worst|least)\b.{0,20}\b(sell\w*|products?|items?|sold)\b|\bbest-?sellers?\b",
        r"\bwhich products\b|\bmost sold\b",
        r"\b(najbolj|najbolje|najslabse|najmanj|najvec)\b.{0,20}\b(prodaj\w*|izdel\w*)\b",
        r"\b(kateri|katere|katera) izdel\w*\b|\bnajboljs\w* izdel\w*",
    ),
    "trend": _rx(
        r"\btrend\w*\b|\b(growing|declining|going (up|down))\b",
        r"\b(gibanje|rast\w*|narasca\w*|pada\w*|upada\w*)\b",
    ),
    "anomalies": _rx(
        r"\b(anomal\w*|unusual|spikes?|outliers?|strange|odd days?)\b",
        r"\b(odstop\w*|nenavadn\w*|nepricakovan\w*|anomalij\w*|posebnost\w*)\b",
    ),
    "missing_descriptions": _rx(
        r"\b(without|missing|no|empty)\b.{0,15}\bdescriptions?\b",
        r"\bbrez opis\w*|\bnimajo opis\w*|\bmanjka\w* opis\w*",
    ),
    "low_stock": _rx(
        r"\blow (on )?stock\b|\brunning out\b|\bout of stock\b|\bstock (is )?low\b|\blow inventory\b",
        r"\b(nizk\w*|malo) zalog\w*|\bzmanjkuje\b|\bzmanjkalo\b|\bni(so)? na zalogi\b|\bzaloga\b",
    ),
    "leads": _rx(r"\bleads?\b", r"\b(kontakt\w*|povprasevanj\w*|potencialn\w* strank\w*)\b"),
    "bookings": _rx(r"\b(bookings?|appointments?)\b", r"\b(rezervacij\w*|termin\w*)\b"),
    "sales": _rx(
        r"\b(sell|sold|sales|revenue|turnover|earn\w*|made|income)\b",
        r"\bhow many orders\b|\baverage (cart|order|basket)\b|\bconversion\b|\brefund\w*",
        r"\b(all |the |our )?orders\b.{0,30}\b(today|yesterday|week|month|year|last|this|since|in)\b",
        r"\b(prodal\w*|prodaj\w*|promet\w*|prihod\w*|zasluzil\w*|iztrz\w*)\b",
        r"\bnarocil\w*\b.{0,30}\b(danes|vceraj|teden|tedna|mesec|meseca|leto|lani|prejsnji|ta|od)\b",
        r"\bkoliko naroc\w*|\bpovprecn\w* (kosaric\w*|naroc\w*|vrednost\w*)|\bkonverzij\w*|\bvracil\w*",
    ),
}

# The more specific question wins: "which products sell best" is about products, not revenue.
PRIORITY = [
    "propose", "recall", "remember", "compare", "missing_descriptions", "low_stock", "anomalies",
    "trend", "products", "leads", "bookings", "sales",
]  # fmt: skip
SCORES = {name: 0.95 - index * 0.03 for index, name in enumerate(PRIORITY)}


def intents_of(text: str) -> list[str]:
    plain = normalize(text)
    return [name for name in PRIORITY if INTENTS[name].search(plain)]


def primary_intent(text: str) -> str | None:
    found = intents_of(text)
    return found[0] if found else None


@dataclass
class Hooks:
    """Offline hooks for one tool: it answers when its intent is the message's primary one."""

    intent: str
    args: Callable[[str, str, object], dict | None]
    renderer: Callable[[dict, str], str]

    def match(self, text: str, lang: str, turn) -> dict | None:
        if primary_intent(text) != self.intent:
            return None
        args = self.args(text, lang, turn)
        if args is None:
            return None
        return {**args, "_score": SCORES[self.intent]}

    def render(self, result, lang: str) -> str:
        if not isinstance(result, dict):
            return ""
        return self.renderer(result, lang)


def wants_worst(text: str) -> bool:
    return bool(re.search(r"\b(worst|least|najslabs\w*|najmanj)\b", normalize(text)))


def limit_in(text: str, default: int = 5) -> int:
    match = re.search(r"\b(?:top|best|worst|najboljs\w*|najslabs\w*|prvih)\s+(\d{1,2})\b", normalize(text))
    return max(1, min(int(match.group(1)), 20)) if match else default


def threshold_in(text: str, default: int = 5) -> int:
    match = re.search(
        r"\b(?:below|under|less than|fewer than|pod|manj kot|do)\s+(\d{1,4})\b", normalize(text)
    )
    return int(match.group(1)) if match else default
