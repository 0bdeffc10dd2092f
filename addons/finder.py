"""Product finder logic (pure, no ORM): quiz questions from product attributes, answers from a
shopper's words, and products ranked by how many answers they match.

Products are plain dicts: {"id", "name", "category", "attributes": {"color": ["red"], ...},
"price": "19.90" | None, "in_stock": bool}. Answers: {"category": "...", "color": "red",
"max_price": "50", ...}; attribute answers compare case- and diacritics-insensitively.
"""

import re
from collections import Counter
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from shop.search import normalize

MAX_ANSWERS = 12
MAX_VALUES_PER_QUESTION = 12
_PRICE = re.compile(r"(?:do|pod|under|below|max\.?|up to|less than)\s*(\d+(?:[.,]\d+)?)\s*(?:€|eur|evr\w*)?")


def _values(value) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [normalize(str(v)) for v in items if isinstance(v, str | int | float) and str(v).strip()]


def questions(products: list[dict], *, limit: int = 6) -> list[dict]:
    """The attributes worth asking about: present on several products with at least two values."""
    counts: dict[str, Counter] = {}
    categories = Counter(p["category"] for p in products if p.get("category"))
    for product in products:
        for key, value in (product.get("attributes") or {}).items():
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str | int | float) and str(item).strip():
                    counts.setdefault(str(key), Counter())[str(item)] += 1
    result = []
    if len(categories) > 1:
        result.append(
            {"key": "category", "values": [v for v, _n in categories.most_common(MAX_VALUES_PER_QUESTION)]}
        )
    ranked = sorted(counts.items(), key=lambda kv: -sum(kv[1].values()))
    for key, counter in ranked:
        if len(counter) >= 2:
            result.append(
                {"key": key, "values": [v for v, _n in counter.most_common(MAX_VALUES_PER_QUESTION)]}
            )
    return result[:limit]


def validate_answers(answers) -> dict:
    if not isinstance(answers, dict) or not answers:
        raise ValidationError(
            {"answers": _('Answers must be a non-empty JSON object, e.g. {"color": "red"}.')}
        )
    if len(answers) > MAX_ANSWERS:
        raise ValidationError({"answers": _("At most %(n)s answers.") % {"n": MAX_ANSWERS}})
    clean = {}
    for key, value in answers.items():
        if not isinstance(key, str) or not key.strip() or len(key) > 50:
            raise ValidationError(
                {"answers": _("Answer keys must be attribute names of up to 50 characters.")}
            )
        if key == "max_price":
            try:
                price = Decimal(str(value))
            except InvalidOperation:
                raise ValidationError({"answers.max_price": _("Must be an amount.")}) from None
            if not price.is_finite() or price <= 0:
                raise ValidationError({"answers.max_price": _("Must be an amount above 0.")})
            clean[key] = str(price)
        elif isinstance(value, str) and value.strip() and len(value) <= 100:
            clean[key.strip()] = value.strip()
        else:
            raise ValidationError({f"answers.{key}": _("Must be a text of 1 to 100 characters.")})
    return clean


def answers_from_text(text: str, vocabulary: list[dict]) -> dict:
    """Answers a message gives: any known attribute value or category named in it, and a price cap."""
    plain = f" {normalize(text)} "
    found: dict[str, str] = {}
    for question in vocabulary:
        for value in question["values"]:
            word = normalize(str(value))
            if len(word) >= 2 and re.search(rf"(?<!\w){re.escape(word)}(?!\w)", plain):
                found.setdefault(question["key"], str(value))
    price = _PRICE.search(plain)
    if price:
        found["max_price"] = price.group(1).replace(",", ".")
    return found


def rank(products: list[dict], answers: dict, *, limit: int = 3) -> list[dict]:
    """Products matching the most answers (over the price cap: out), in stock first, then cheaper."""
    cap = Decimal(answers["max_price"]) if answers.get("max_price") else None
    wanted = {k: normalize(v) for k, v in answers.items() if k != "max_price"}
    scored = []
    for product in products:
        price = Decimal(product["price"]) if product.get("price") not in (None, "") else None
        if cap is not None and (price is None or price > cap):
            continue
        matched = []
        for key, value in wanted.items():
            have = (
                _values(product.get("category"))
                if key == "category"
                else _values((product.get("attributes") or {}).get(key))
            )
            if value in have:
                matched.append(key)
        if wanted and not matched:
            continue
        scored.append(
            (-len(matched), not product.get("in_stock"), price or Decimal(0), product["id"], product, matched)
        )
    scored.sort(key=lambda item: item[:4])
    return [{**item[4], "matched": item[5]} for item in scored[:limit]]
