"""SQL of the product search: full text ('simple') plus pg_trgm word similarity, in one SELECT.

Pure: builds SQL text and parameters, touches no database (shop.selectors runs it). Tokens come
from shop.search.query_tokens, i.e. are already lower-cased and diacritics-free like the stored
`search_text`.

How a product matches and scores, per query word:
- exact full-text hit ............................................ 1.0
- prefix hit on the word's stem ("majice" → majic:*) .............. 0.8
- trigram word similarity ≥ threshold ("majca" ≈ "majica") against name, category and
  attributes (not the description) ................................. 0.8 × similarity
plus 0.5 when the word (or its stem) begins a word of the product *name*, so "majica" ranks
T-shirts above trousers whose description mentions a T-shirt. A product is a candidate when any
word of three or more letters matches (shopper questions carry filler words); products matching
more words rank higher. The score is divided by 1.5 × words, so it lies in 0..1.

Shape: candidates come from the GIN indexes only (full-text bitmap OR'ed with fuzzy ids by
primary key), are ranked without touching prices and stock (unless a filter needs them), and the
page of winners is then joined with its price and stock.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from shop.search import normalize, stem_prefix

# Trigram matches need at least this word similarity against the name/category/attributes head.
# 0.5 tolerates a missing or wrong letter ("majca" ≈ "majica": 0.67, "treirka" ≈ "trenirka": 0.55).
# Only words the catalog does not contain at all are fuzzy-matched (see _fuzzy_cte), so a correct
# word never drags in look-alikes ("modra" does not also match "moda").
WORD_SIMILARITY_THRESHOLD = 0.5
MIN_TRIGRAM_TOKEN = 4

# The stored generated column to_tsvector('simple', search_text), GIN-indexed (product_search_fts).
TSV = "p.search_vector"
# name + category + attributes, without the description; must equal the product_head_trgm index expression.
HEAD = "split_part(p.search_text, chr(31), 1)"
# Words this short (sizes "m", "xl", shoe size "42") only add to the score of products other words
# found: on their own they would pull half the catalog into ranking.
WEAK_TOKEN_LENGTH = 2
NAME_NORM = "left(p.search_text, char_length(p.name))"  # search_text starts with the normalised name

SELECT_COLUMNS = """p.id, p.external_id, p.name, p.description, p.attributes, p.category, p.url,
 p.image_url, pr.price, pr.regular_price, COALESCE(pr.currency, 'EUR'), COALESCE(st.quantity, 0)"""


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


def _fuzzy_cte(fuzzy: list[tuple[int, str, str]]) -> tuple[str, list]:
    """Trigram matches of the words the catalog does not contain ("majca"), one column per word.

    A word that full text already finds (exactly or by its stem) is not fuzzy-matched at all: the
    NOT EXISTS is evaluated once and gates its whole arm, so correctly spelled queries cost no
    trigram work. The `<%` arms use the product_head_trgm index.
    """
    arms, params = [], []
    for slot, (_index, token, alternatives) in enumerate(fuzzy):
        columns = ", ".join(
            f"word_similarity(%s, {HEAD}) AS s{n}" if n == slot else f"NULL::real AS s{n}"
            for n in range(len(fuzzy))
        )
        arms.append(
            f"SELECT p.id, {columns} FROM shop_product p WHERE NOT EXISTS (SELECT 1 FROM shop_product x"
            f" WHERE x.search_vector @@ %s::tsquery) AND %s <%% {HEAD}"
        )
        params.extend([token, alternatives, token])
    maxes = ", ".join(f"max(s{n}) AS f{n}" for n in range(len(fuzzy)))
    return f"fuzzy AS (SELECT id, {maxes} FROM ({' UNION ALL '.join(arms)}) z GROUP BY id)", params


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
    strong = [token for token in tokens if len(token) > WEAK_TOKEN_LENGTH] or tokens
    score_parts: list[str] = []
    score_params: list = []
    alternatives: list[str] = []
    fuzzy: list[tuple[int, str, str]] = []
    for token in tokens:
        exact, prefix = token_tsquery(token)
        own = f"{exact} | {prefix}" if prefix else exact
        if token in strong:
            alternatives.append(own)
        part = f"CASE WHEN {TSV} @@ %s::tsquery THEN 1.0"
        params: list = [exact]
        if prefix:
            part += f" WHEN {TSV} @@ %s::tsquery THEN 0.8"
            params.append(prefix)
        if len(token) >= MIN_TRIGRAM_TOKEN:
            part += f" ELSE 0.8 * COALESCE(f.f{len(fuzzy)}, 0)"
            fuzzy.append((len(fuzzy), token, own))
        else:
            part += " ELSE 0"
        # Name bonus: the word (or its stem) starts a word of the product's name.
        part += f" END + 0.5 * (strpos(' ' || {NAME_NORM}, ' ' || %s) > 0)::int"
        params.append(stem_prefix(token) or token)
        score_parts.append(part)
        score_params.extend(params)

    ctes, cte_params = [], []
    source = "shop_product p"
    if tokens:
        # `id = ANY(ARRAY(...))` rather than a join or IN: it is an index condition, so the planner
        # ORs the full-text bitmap with the fuzzy ids and reads each candidate row once.
        match = f"{TSV} @@ %s::tsquery"
        if fuzzy:
            fuzzy_sql, fuzzy_params = _fuzzy_cte(fuzzy)
            ctes.append(fuzzy_sql)
            cte_params.extend(fuzzy_params)
            source += " LEFT JOIN fuzzy f ON f.id = p.id"
            match += " OR p.id = ANY(ARRAY(SELECT id FROM fuzzy))"
        where.append(f"({match})")
        where_params.append(" | ".join(alternatives))
        score = f"(({' + '.join(score_parts)}) / {1.5 * len(tokens)})"
    else:
        score = "0.0"
    with_sql = f"WITH {', '.join(ctes)} " if ctes else ""
    where_sql = " AND ".join(where)
    # Prices and stock are joined while ranking only when a filter needs them; otherwise the
    # candidates are ranked on their own and only the page of winners is joined.
    needs_joins = any("pr." in clause or "st." in clause for clause in where)
    inner_joins = (
        " LEFT JOIN shop_price pr ON pr.product_id = p.id LEFT JOIN shop_stock st ON st.product_id = p.id"
    )
    ranked_from = f"FROM {source}{inner_joins if needs_joins else ''} WHERE {where_sql}"
    if count_only:
        return SearchSQL(f"{with_sql}SELECT count(*) {ranked_from}", cte_params + where_params)
    page = " LIMIT %s OFFSET %s" if limit is not None else ""
    sql = (
        f"{with_sql}SELECT {SELECT_COLUMNS}, r.score FROM ("
        f"SELECT p.id, {score}::float AS score {ranked_from} ORDER BY score DESC, p.name, p.id{page}"
        f") r JOIN shop_product p ON p.id = r.id{inner_joins} ORDER BY r.score DESC, p.name, p.id"
    )
    params = cte_params + (score_params if tokens else []) + where_params
    if limit is not None:
        params += [limit, offset]
    return SearchSQL(sql, params)
