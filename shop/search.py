"""Text normalisation shared by indexing and querying: lower case, no diacritics.

"Rdeča majica" and "rdeca majica" must match, and PostgreSQL's unaccent is not in every
embedded build, so products store a normalised `search_text` and queries are normalised alike.
"""

import unicodedata


def normalize(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def _flatten(value) -> list[str]:
    if isinstance(value, dict):
        out = []
        for key, inner in value.items():
            out.append(str(key))
            out.extend(_flatten(inner))
        return out
    if isinstance(value, list | tuple):
        return [part for item in value for part in _flatten(item)]
    return [str(value)]


def product_search_text(*, name: str, category: str, description: str, attributes: dict) -> str:
    return normalize(" ".join([name, category, " ".join(_flatten(attributes or {})), description]))[:4000]
