"""What a shopper's or owner's message asks of an add-on (pure, no ORM), in Slovenian and English.

Used by the offline hooks in addons/tools_*.py to decide whether a message is for an add-on's tool
and with which arguments. Text is compared lower-cased and without diacritics (shop.search.normalize).
"""

import re

from shop.search import normalize

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def _rx(*patterns: str) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


COMPLAINT = _rx(
    r"\b(complain\w*|complaint|broken|damaged|defect\w*|faulty|not working|doesn'?t work|wrong (item|size|product))\b",
    r"\b(return|refund|warranty|guarantee)\b",
    r"\b(reklamacij\w*|reklamir\w*|pritozb\w*|pokvarjen\w*|poskodovan\w*|okvar\w*|ne dela|ne deluje|napak\w*)\b",
    r"\b(vracil\w*|vrniti|vrnem|vracilo|garancij\w*|zamenjav\w*)\b",
)
# A problem the shopper reports (always a ticket) vs. words that may just ask about a policy
# ("What is your return policy?", "Kakšna je garancija?"), which are tickets only when the
# shopper says they want one or names an order.
PROBLEM = _rx(
    r"\b(complain\w*|complaint|broken|damaged|defect\w*|faulty|not working|doesn'?t work|wrong (item|size|product))\b",
    r"\b(reklamacij\w*|reklamir\w*|pritozb\w*|pokvarjen\w*|poskodovan\w*|okvar\w*|ne dela|ne deluje|napak\w*)\b",
)
WANTS = _rx(
    r"\b(i want|i would like|i'd like|i need|i have to|open a|file a|start a)\b",
    r"\b(zelim|hocem|rad bi|rada bi|bi rad|bi rada|moram|odprite|odpri)\b",
)


def complaint_intent(text: str) -> bool:
    value = plain(text)
    if PROBLEM.search(value):
        return True
    return bool(COMPLAINT.search(value) and (WANTS.search(value) or order_ref_in(text)))


RETURN = _rx(r"\b(return|refund|vracil\w*|vrniti|vrnem|vracilo)\b")
WARRANTY = _rx(r"\b(warranty|guarantee|garancij\w*)\b")
PRICE_ASK = _rx(
    r"\b(how much|price|cost|quote|calculate)\b",
    r"\b(koliko|cena|cene|stane|stal\w*|izracun\w*|kalkulacij\w*|ponudb\w*)\b",
)
NOTIFY = _rx(
    r"\b(notify|let me know|tell me|email me|alert|inform)\b.{0,60}\b(back|available|in stock|restock\w*)\b",
    r"\bback in stock\b",
    r"\b(obvesti\w*|sporoc\w*|javi\w*|opozori\w*)\b.{0,60}\b(zalog\w*|na voljo|dobav\w*|spet|ponovno)\b",
    r"\b(ko|kdaj) bo\b.{0,40}\b(na zalogi|na voljo)\b",
)
SIZE_ASK = _rx(
    r"\b(what|which|recommend\w*|advice|advise)\b.{0,30}\bsize\b|\bsize\b.{0,30}\b(should|fit|advice|recommend\w*)",
    r"\b(katero|kaksno|priporoc\w*|svetuj\w*)\b.{0,30}\b(velikost|stevilk)\w*",
    r"\bvelikost\w*\b.{0,30}\b(naj|ustrez\w*|priporoc\w*)",
)
FINDER = _rx(
    r"\b(help me (choose|find|pick)|recommend|suggest|what should i buy|looking for a gift)\b",
    r"\b(pomag\w*|pomoz\w*)\b.{0,20}\b(izbr\w*|najt\w*|poisc\w*)|\b(priporoc\w*|predlagaj\w*|svetuj\w*)\b",
)
RFQ = _rx(
    r"\b(quote|quotation|rfq|wholesale|bulk order|b2b|for our company)\b",
    r"\b(ponudb\w*|predracun\w*|veleprodaj\w*|za (nase )?podjetje|b2b)\b",
)
_MEASURES = {
    "chest": r"chest|bust|prsi|prsni obseg|obseg prsi",
    "waist": r"waist|pas|pasu|obseg pasu",
    "hips": r"hips?|boki|bokov|obseg bokov",
    "height": r"height|tall|visok\w*|visina|visine",
    "foot": r"foot|feet|stopal\w*|noga",
    "inseam": r"inseam|notranja dolzina",
}
_NUM = r"(\d{2,3}(?:[.,]\d)?)"


def plain(text: str) -> str:
    return normalize(text or "")


def email_in(text: str) -> str:
    match = EMAIL.search(text or "")
    return match.group(0) if match else ""


def order_ref_in(text: str) -> str:
    """An order number the shopper wrote: "#1042", "naročilo 1042", "order no. A-1042"."""
    match = re.search(r"#\s?([A-Za-z0-9-]{3,40})", text or "")
    if match:
        return match.group(1)
    match = re.search(r"\b(?:order|narocil\w*|racun\w*)\b\D{0,12}?([A-Za-z]*-?\d[\w-]{2,39})", plain(text))
    return match.group(1).upper() if match and not EMAIL.search(match.group(1)) else ""


def ticket_kind(text: str) -> str:
    value = plain(text)
    if WARRANTY.search(value):
        return "warranty"
    if RETURN.search(value):
        return "return"
    return "complaint"


def dimensions_in(text: str) -> tuple[str, str] | None:
    """ "120 x 80 cm", "120x80", "1,2 m x 0,8 m" → centimetres as text."""
    value = plain(text).replace("×", "x")
    match = re.search(r"(\d+(?:[.,]\d+)?)\s*(cm|m)?\s*(?:x|\*|krat)\s*(\d+(?:[.,]\d+)?)\s*(cm|m)?\b", value)
    if not match:
        return None
    unit = match.group(4) or match.group(2) or "cm"
    factor = 100 if unit == "m" else 1
    width = float(match.group(1).replace(",", ".")) * factor
    height = float(match.group(3).replace(",", ".")) * factor
    return f"{width:g}", f"{height:g}"


def quantity_in(text: str) -> int | None:
    match = re.search(r"\b(\d{1,6})\s*(?:pcs|pieces|piece|units|kos\w*|x\b(?!\s*\d))", plain(text))
    return int(match.group(1)) if match else None


def measurements_in(text: str) -> dict[str, float]:
    """Body measurements named in a message: "chest 98 cm, waist 84" / "prsni obseg 98, pas 84"."""
    value = plain(text)
    found: dict[str, float] = {}
    for key, names in _MEASURES.items():
        match = re.search(rf"\b(?:{names})\b\D{{0,15}}?{_NUM}|{_NUM}\s*cm\s*(?:{names})\b", value)
        if match:
            number = match.group(1) or match.group(2)
            found[key] = float(number.replace(",", "."))
    return found


def mentions_any(text: str, words: list[str]) -> str:
    """The first of `words` (e.g. product names) whose every word stem occurs in the text."""
    stems = {w[:4] for w in re.findall(r"\w+", plain(text))}
    for candidate in words:
        parts = [w for w in re.findall(r"\w+", plain(candidate)) if len(w) > 1]
        if parts and all(p[:4] in stems for p in parts):
            return candidate
    return ""
