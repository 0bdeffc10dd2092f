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


# Separates the short "head" of search_text (name, category, attributes) from the description.
# Typo-tolerant trigram matching runs on the head only: it is short (cheap to compare) and free of
# description prose, where a fuzzy "modra" would match "mode" in "ne gre iz mode".
HEAD_SEPARATOR = "\x1f"


def product_search_text(*, name: str, category: str, description: str, attributes: dict) -> str:
    head = normalize(" ".join([name, category, " ".join(_flatten(attributes or {}))]))
    body = normalize(description)
    return f"{head.replace(HEAD_SEPARATOR, ' ')} {HEAD_SEPARATOR} {body.replace(HEAD_SEPARATOR, ' ')}"[:4000]


# Words that carry no product meaning in shopper questions ("ali imate rdeče majice?"). Sizes such
# as "s", "m", "l" are kept: they are real attribute values.
STOP_WORDS = frozenset(
    """a ali and any are as at do for from have i imate in is je ki me mi na o od pa po prosim
    se so the to v with z za zelim želim iscem iščem kaj kje ali imas imaš you your do""".split()
)
MAX_QUERY_TOKENS = 8
_TOKEN_CHARS = str.maketrans({ch: " " for ch in "!\"#$%&'()*+,./:;<=>?@[\\]^`{|}~"})


def query_tokens(query: str) -> list[str]:
    """Normalised, de-duplicated search words of a query; stop words dropped unless nothing else is left."""
    words = [word.strip("-_") for word in normalize(query).translate(_TOKEN_CHARS).split()]
    words = [word for word in dict.fromkeys(words) if word]
    meaningful = [word for word in words if word not in STOP_WORDS]
    return (meaningful or words)[:MAX_QUERY_TOKENS]


def stem_prefix(token: str) -> str | None:
    """A crude Slovenian-friendly stem for prefix matching: "majice" → "majic" finds "majica".

    Slovenian inflects word endings; 'simple' full text does not stem, so longer words also match
    on their first len-1 (or len-2 for long words) letters. Short words only match whole.
    """
    if len(token) < 5 or not token.isalpha():
        return None
    return token[: len(token) - (2 if len(token) >= 7 else 1)]
