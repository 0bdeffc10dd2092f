"""Lead qualifier rules (pure, no ORM): a 0..100 score for a chat lead and the reasons behind it.

The rules are deliberately plain so an owner can read why a lead scored as it did; each reason
is a code the dashboard and the assistant translate (REASON_TEXT).
"""

import re
from dataclasses import dataclass

from shop.search import normalize

FREE_MAIL = {
    "gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "live.com", "icloud.com",
    "gmx.net", "gmx.com", "siol.net", "t-2.net", "amis.net", "email.si", "proton.me", "protonmail.com",
}  # fmt: skip

_BUY = re.compile(
    r"\b(buy|order|purchase|quote|offer|price|invoice|kupi\w*|naroc\w*|ponudb\w*|predracun\w*|cen\w*|racun\w*)\b"
)
_URGENT = re.compile(r"\b(today|tomorrow|asap|urgent\w*|this week|danes|jutri|nujn\w*|takoj|ta teden)\b")
_BULK = re.compile(r"\b(\d{2,6})\s*(pcs|pieces|units|kos\w*|m2|m²)\b|\b(wholesale|bulk|b2b|veleprodaj\w*)\b")
_COMPANY = re.compile(r"\b(d\.?o\.?o\.?|s\.?p\.?|d\.?d\.?|ltd|gmbh|inc|llc|company|podjetj\w*|firm\w*)\b")

# code -> points
POINTS = {
    "email": 15,
    "phone": 15,
    "name": 5,
    "business_email": 15,
    "buying_intent": 20,
    "urgent": 10,
    "bulk": 15,
    "company": 10,
    "engaged": 10,
    "from_addon": 5,
}

REASON_TEXT = {
    "email": ("left an email address", "pustil e-poštni naslov"),
    "phone": ("left a phone number", "pustil telefonsko številko"),
    "name": ("gave a name", "navedel ime"),
    "business_email": ("uses a company email domain", "uporablja poslovni e-poštni naslov"),
    "buying_intent": ("asked about buying, prices or a quote", "spraševal o nakupu, cenah ali ponudbi"),
    "urgent": ("needs it soon", "potrebuje hitro"),
    "bulk": ("asked for a large quantity", "spraševal za večjo količino"),
    "company": ("writes on behalf of a company", "piše v imenu podjetja"),
    "engaged": ("had a long conversation", "imel daljši pogovor"),
    "from_addon": ("came through an add-on (finder, calculator, RFQ)", "prišel prek dodatka"),
}


@dataclass(frozen=True)
class LeadFacts:
    email: str = ""
    phone: str = ""
    name: str = ""
    message: str = ""  # the lead's message and the shopper's chat messages
    user_messages: int = 0
    source_addon: str = "core"


def score_lead(facts: LeadFacts) -> tuple[int, list[str]]:
    reasons: list[str] = []
    if facts.email:
        reasons.append("email")
        domain = facts.email.rsplit("@", 1)[-1].lower()
        if domain and domain not in FREE_MAIL:
            reasons.append("business_email")
    if facts.phone:
        reasons.append("phone")
    if facts.name:
        reasons.append("name")
    text = normalize(facts.message or "")
    if _BUY.search(text):
        reasons.append("buying_intent")
    if _URGENT.search(text):
        reasons.append("urgent")
    if _BULK.search(text):
        reasons.append("bulk")
    if _COMPANY.search(text):
        reasons.append("company")
    if facts.user_messages >= 4:
        reasons.append("engaged")
    if facts.source_addon and facts.source_addon != "core":
        reasons.append("from_addon")
    return min(100, sum(POINTS[r] for r in reasons)), reasons


def reason_text(code: str, lang: str) -> str:
    en, sl = REASON_TEXT.get(code, (code, code))
    return sl if lang == "sl" else en


def band(score: int) -> str:
    return "hot" if score >= 60 else "warm" if score >= 35 else "cold"
