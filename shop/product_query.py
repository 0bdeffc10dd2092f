"""SQL of the product search: full text ('simple') plus pg_trgm word similarity, in one SELECT.

Pure: builds SQL text and parameters, touches no database (shop.selectors runs it). Tokens come
from shop.search.query_tokens, i.e. are already lower-cased and diacritics-free like the stored
`search_text`.

How a product matches and scores, per query word:
- exact full-text hit ............................................ 1.0
- prefix hit on the word's stem ("majice" → majic:*) .............. 0.8
- trigram word similarity ≥ threshold ("majca" ≈ "majica") ...... 0.8 × similarity
plus up to 0.5 when the word is (nearly) in the product *name*, so "majica" ranks T-shirts above
trousers whose description mentions a T-shirt. A product matches when any word matches (shopper
questions carry filler words); products matching more words rank higher. The score is divided
by 1.5 × words, so it lies in 0..1.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from shop.search import normalize, stem_prefix

# Trigram matches need at least this word similarity; 0.5 tolerates one wrong, missing or extra
# letter in a 5–7 letter word while keeping short words ("red") from matching everything.
WORD_SIMILARITY_THRESHOLD = 0.5
MIN_TRIGRAM_TOKEN = 4

# Must be the expression of the `product_search_fts` index (SearchVector("search_text", config="simple")).
TSV = "to_tsvector('simple'::regconfig, COALESCE(p.search_text, ''))"
NAME_NORM = "left(p.search_text, char_length(p.name))"  # search_text starts with the normalised name

SELECT_COLUMNS = """p.id, p.external_id, p.name, p.description, p.attributes, p.category, p.url,
 p.image_url, pr.price, pr.regular_price, COALESCE(pr.currency, 'EUR'), COALESCE(st.quantity, 0)"""

RESERVED_FILTERS = {"category", "min_price", "max_price", "on_sale", "external_id"}


def _lexeme(word: str) -> str:
    return "'" + word.replace("'", "''").replace("\\", "\\\\") + "'"


def token_tsquery(token: str) -> tuple[str, str | None]:
    """(exact tsquery, prefix tsquery or None) of one normalised token, as tsquery literals."""
    stem = stem_prefix(token)
    return _lexeme(token), (f"{_lexeme(stem)}:*" if stem else None)


@dataclass
class SearchSQL:
    sql: str
    params: list = field(default_factory=list)


def _decimal(name: str, value) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({"filters": f"{name} must be a number."}) from None
    if not number.is_finite():
        raise ValidationError({"filters": f"{name} must be a number."})
    return number


def _values(name: str, value) -> list[str]:
    items = value if isinstance(value, list | tuple) else [value]
    if not items or any(not isinstance(item, str | int | float | bool) for item in items):
        raise ValidationError({"filters": f"{name} must be a text, a number or a list of them."})
    out: list[str] = []
    for item in items:
        text = str(item).lower()
        out.extend({text, normalize(text)})
    return out


def filter_clauses(filters: dict | None, *, in_stock_only: bool) -> tuple[list[str], list]:
    """WHERE fragments for category, price range, sale, stock and attribute filters."""
    clauses, params = ["p.is_active"], []
    if in_stock_only:
        clauses.append("COALESCE(st.quantity, 0) > 0")
    if filters is None:
        return clauses, params
    if not isinstance(filters, dict):
        raise ValidationError({"filters": "Filters must be an object of name → value."})
    for name, value in filters.items():
        if value is None or value == "" or value == []:
            continue
        if name == "category":
            clauses.append("lower(p.category) = ANY(%s)")
            params.append(_values(name, value))
        elif name == "external_id":
            clauses.append("p.external_id = ANY(%s)")
            params.append([str(item) for item in (value if isinstance(value, list) else [value])])
        elif name == "min_price":
            clauses.append("pr.price >= %s")
            params.append(_decimal(name, value))
        elif name == "max_price":
            clauses.append("pr.price <= %s")
            params.append(_decimal(name, value))
        elif name == "on_sale":
            if value is True:
                clauses.append("pr.regular_price > pr.price")
        else:
            # An attribute: its value may be one value or a list ({"size": ["S", "M"]}); any match counts.
            if not isinstance(name, str) or not name or len(name) > 100:
                raise ValidationError({"filters": "Attribute names must be non-empty texts."})
            clauses.append(
                "EXISTS (SELECT 1 FROM jsonb_array_elements_text(CASE jsonb_typeof(p.attributes -> %s)"
                " WHEN 'array' THEN p.attributes -> %s ELSE jsonb_build_array(p.attributes -> %s) END)"
                " AS av(v) WHERE lower(av.v) = ANY(%s))"
            )
            params.extend([name, name, name, _values(name, value)])
    return clauses, params


def build_search(
    *,
    tokens: list[str],
    filters: dict | None,
    in_stock_only: bool,
    limit: int | None,
    offset: int = 0,
    count_only: bool = False,
) -> SearchSQL:
    where, where_params = filter_clauses(filters, in_stock_only=in_stock_only)
    score_parts: list[str] = []
    score_params: list = []
    match_parts: list[str] = []
    match_params: list = []
    alternatives: list[str] = []
    for token in tokens:
        exact, prefix = token_tsquery(token)
        alternatives.append(exact)
        if prefix:
            alternatives.append(prefix)
        fuzzy = len(token) >= MIN_TRIGRAM_TOKEN
        part = "CASE WHEN v.tsv @@ %s::tsquery THEN 1.0"
        params: list = [exact]
        if prefix:
            part += " WHEN v.tsv @@ %s::tsquery THEN 0.8"
            params.append(prefix)
        if fuzzy:
            part += " WHEN %s <%% p.search_text THEN 0.8 * word_similarity(%s, p.search_text)"
            params.extend([token, token])
            match_parts.append("%s <%% p.search_text")
            match_params.append(token)
        part += f" ELSE 0 END + 0.5 * word_similarity(%s, {NAME_NORM})"
        params.append(token)
        score_parts.append(part)
        score_params.extend(params)
    if tokens:
        match_parts.insert(0, f"{TSV} @@ %s::tsquery")
        match_params.insert(0, " | ".join(alternatives))
        where.append("(" + " OR ".join(match_parts) + ")")
        where_params.extend(match_params)
        score = f"(({' + '.join(score_parts)}) / {1.5 * len(tokens)})"
    else:
        score = "0.0"
    joins = (
        "FROM shop_product p LEFT JOIN shop_price pr ON pr.product_id = p.id"
        " LEFT JOIN shop_stock st ON st.product_id = p.id"
    )
    where_sql = " AND ".join(where)
    if count_only:
        return SearchSQL(f"SELECT count(*) {joins} WHERE {where_sql}", where_params)
    # OFFSET 0 fences the lateral so the tsvector is computed once per candidate, not per use.
    sql = (
        f"SELECT {SELECT_COLUMNS}, {score}::float AS score {joins}"
        f" CROSS JOIN LATERAL (SELECT {TSV} AS tsv OFFSET 0) v"
        f" WHERE {where_sql} ORDER BY score DESC, p.name, p.id"
    )
    params = score_params + where_params
    if limit is not None:
        sql += " LIMIT %s OFFSET %s"
        params += [limit, offset]
    return SearchSQL(sql, params)
