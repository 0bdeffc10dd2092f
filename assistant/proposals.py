"""Reading an owner's request for an action (pure, no ORM): "remind me to restock Shirt",
"change the description of Cap to: ...", "objavi FAQ: Ali dostavljate v tujino? Da, v EU.".

Returns the `propose_action` tool arguments; product names are resolved by the tool."""

import re

from shop.search import normalize

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")

_CAMPAIGN_TYPES = [
    (r"back in stock|spet na zalogi|ponovno na zalogi", "back_in_stock"),
    (r"\bsale\b|discount|akcij\w*|razprodaj\w*|popust\w*", "sale"),
    (r"new products|novost\w*|nov\w* izdelk\w*", "new_products"),
    (r"season\w*|sezon\w*|christmas|bozic\w*|poletn\w*", "seasonal"),
    (r"abandon\w*|opuscen\w*", "abandoned_cart"),
]


def _after_colon(text: str) -> str:
    return text.split(":", 1)[1].strip() if ":" in text else ""


def _restock(text: str, plain: str) -> dict:
    match = re.search(r"\b(?:restock|reorder|order more(?: of)?|for|za|zalogo|dobavo)\s+(.+)$", plain)
    name = match.group(1) if match else ""
    quantity = re.search(r"\b(\d{1,5})\s*(?:pcs|pieces|units|kos\w*)\b", plain)
    name = re.sub(r"\b(\d{1,5})\s*(pcs|pieces|units|kos\w*)\b", "", name)
    name = re.sub(r"^(izdelk\w*|product|the)\s+", "", name.strip(" .?!,"))
    payload = {"product_name": name.strip(" .?!,")}
    if quantity:
        payload["quantity"] = int(quantity.group(1))
    return {"action_type": "restock_reminder", "payload": payload}


def _description(text: str, plain: str) -> dict | None:
    description = _after_colon(text)
    head = normalize(text.split(":", 1)[0])
    match = re.search(r"\b(?:description of|opis(?: izdelka)?)\s+(.+)$", head)
    if not match or not description:
        return None
    name = re.sub(r"\s+(to|v|na)$", "", match.group(1).strip())
    return {
        "action_type": "description_change",
        "payload": {"product_name": name, "description": description},
    }


def _faq(text: str) -> dict | None:
    body = _after_colon(text)
    if "?" not in body:
        return None
    question, answer = body.split("?", 1)
    if not answer.strip():
        return None
    return {
        "action_type": "faq_publish",
        "payload": {"question": question.strip() + "?", "answer": answer.strip()},
    }


def _campaign(plain: str, lang: str) -> dict:
    kind = next((name for pattern, name in _CAMPAIGN_TYPES if re.search(pattern, plain)), "newsletter")
    return {"action_type": "campaign_draft", "payload": {"campaign_type": kind, "language": lang}}


def _lead(text: str, plain: str) -> dict:
    email = _EMAIL.search(text)
    lead_id = re.search(r"#\s?(\d+)|\blead (\d+)\b", plain)
    payload = {"note": text.strip()[:2000], "contact": email.group(0) if email else ""}
    if lead_id:
        payload["lead_id"] = int(lead_id.group(1) or lead_id.group(2))
    return {"action_type": "lead_followup", "payload": payload}


def proposal_from_text(text: str, lang: str) -> dict | None:
    plain = normalize(text)
    if re.search(r"\b(remind|reminder|opomni\w*|opomnik\w*)\b", plain) and re.search(
        r"restock|reorder|order more|zalog|dobav|naroc", plain
    ):
        return _restock(text, plain)
    if re.search(r"\bdescription of\b|\bopis\b", plain):
        return _description(text, plain)
    if re.search(r"\bfaq\b|pogosto vprasanje", plain):
        return _faq(text)
    if re.search(r"campaign|newsletter|kampanj|e-?novic", plain):
        return _campaign(plain, lang)
    if re.search(r"\b(cancel|preklici)\w*\b", plain):
        booking = re.search(r"(\d+)", plain)
        return (
            {"action_type": "booking_cancel", "payload": {"booking_id": int(booking.group(1))}}
            if booking
            else None
        )
    if re.search(r"lead|kontakt|stranko", plain):
        return _lead(text, plain)
    return None
