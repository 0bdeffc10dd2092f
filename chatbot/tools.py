"""The chatbot's shop tools: product search, product details, FAQ lookup, company info.

Thin: each tool reads through shop/chatbot selectors inside the tenant named by
`runtime.context` (never by an argument) and returns JSON-ready data. Each has offline hooks
(`match`/`render`, see llm.registry) so the offline engine can choose it and answer from its
result. Owned by the llm engineer (see docs/agents.md).
"""

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from langchain.tools import ToolRuntime, tool

from llm import render
from llm.company_render import company_answer
from llm.context import AgentContext
from llm.guardrails import phrase
from llm.registry import agent_tool
from llm.shop_hours import open_status, upcoming_closed_dates, week_table
from llm.shopper_intent import read_query, topic_of
from llm.tooling import tenant_scope
from shop.search import normalize

MAX_PRODUCTS = 10
COMPANY_TOPICS = ("all", "hours", "open_now", "contact", "shipping", "returns", "payment", "warranty")


def now():
    """The current time (a function so tests can pin the clock)."""
    return timezone.now()


def _product_dict(hit, *, full: bool = False) -> dict:
    attributes = hit.attributes or {}
    data = {
        "id": hit.id,
        "external_id": hit.external_id,
        "name": hit.name,
        "price": None if hit.price is None else str(hit.price),
        "regular_price": None if hit.regular_price is None else str(hit.regular_price),
        "on_sale": hit.on_sale,
        "currency": hit.currency,
        "stock": hit.stock_quantity,
        "in_stock": hit.in_stock,
        "sizes": attributes.get("size") or attributes.get("sizes") or [],
        "colors": attributes.get("color") or attributes.get("colour") or [],
        "category": hit.category,
        "url": hit.url,
    }
    if full:
        data["description"] = hit.description
        data["attributes"] = attributes
        data["is_active"] = hit.is_active
    return data


def _candidates(turn, q) -> list:
    """The products a shopper message points at (one query per decision, shared by the hooks)."""
    from shop.selectors import product_search as search

    filters = q.filters()
    if not q.query and not filters:
        return []

    def run():
        return search(query=q.query, limit=5, filters=filters)

    cached = getattr(turn, "cached", None)
    return cached(("product_candidates", q.query, repr(sorted(filters.items()))), run) if cached else run()


def _earlier_questions(turn, limit: int = 3) -> list[str]:
    """The shopper's previous messages, newest first (the last history item is the current one)."""
    from langchain_core.messages import HumanMessage

    history = list(getattr(turn, "history", None) or [])
    humans = [m for m in history if isinstance(m, HumanMessage)][:-1]
    return [m.content for m in reversed(humans) if isinstance(m.content, str)][:limit]


def _split(value: str) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


# --- product search ---------------------------------------------------------------------------


class ProductSearchOffline:
    def match(self, text: str, lang: str, turn) -> dict | None:
        q = read_query(text, lang)
        args = {"query": q.query}
        if q.colors:
            args["color"] = ",".join(q.colors)
        if q.sizes:
            args["size"] = ",".join(q.sizes)
        for key in ("min_price", "max_price"):
            if getattr(q, key):
                args[key] = float(getattr(q, key))
        if q.on_sale:
            args["on_sale"] = True
        if q.shopping and not q.content_words and not q.filters():
            return {**args, "_score": 0.5}  # "what do you sell?" → the categories
        if not q.content_words and not q.filters():
            return None
        if not q.content_words and not q.codes:
            # "Imate jih tudi v velikosti L?" — the product words are in an earlier message.
            for earlier in _earlier_questions(turn):
                before = read_query(earlier, lang)
                if before.content_words:
                    args["query"] = before.query
                    if before.colors and "color" not in args:
                        args["color"] = ",".join(before.colors)
                    return {**args, "_score": 0.65}
        hits = _candidates(turn, q)
        if q.product_signal:
            return {**args, "_score": 0.7 if hits else 0.5}
        if hits and hits[0].score >= 0.6:
            return {**args, "_score": 0.45}
        return None

    def render(self, result, lang: str) -> str:
        if not isinstance(result, dict) or result.get("error"):
            return phrase("tool_failed", lang)
        if result.get("categories") is not None:
            cats = render.listing(result["categories"], 20)
            if lang == "sl":
                return f"V trgovini imamo te kategorije izdelkov: {cats}. Kaj vas zanima?"
            return f"Our shop has these product categories: {cats}. What are you looking for?"
        products, total = result.get("products") or [], result.get("total", 0)
        wanted = result.get("query") or ""
        if not products:
            if lang == "sl":
                what = f" za »{wanted}«" if wanted else ""
                return (
                    f"Žal nisem našel izdelkov{what}, ki bi ustrezali vašemu vprašanju. "
                    + phrase("dont_know", lang).split(". ", 1)[-1]
                )
            what = f" for “{wanted}”" if wanted else ""
            return (
                f"Sorry, I couldn't find any products{what} matching your question. "
                + phrase("dont_know", lang).split(". ", 1)[-1]
            )
        lines = "\n".join(render.product_line(p, lang) for p in products)
        if lang == "sl":
            head = f"Našel sem {total} {_izdelkov(total)}"
            head += f"; tukaj je prvih {len(products)}:" if total > len(products) else ":"
        else:
            head = f"I found {total} product{'s' if total != 1 else ''}"
            head += f"; here are the first {len(products)}:" if total > len(products) else ":"
        return f"{head}\n{lines}"


def _izdelkov(n: int) -> str:
    n100 = n % 100
    return {1: "izdelek", 2: "izdelka", 3: "izdelke", 4: "izdelke"}.get(n100, "izdelkov")


@agent_tool(agent="chatbot", feature="core", offline=ProductSearchOffline())
@tool
def product_search(
    query: str = "",
    color: str = "",
    size: str = "",
    min_price: float | None = None,
    max_price: float | None = None,
    on_sale: bool = False,
    in_stock_only: bool = False,
    limit: int = 5,
    *,
    runtime: ToolRuntime[AgentContext],
) -> dict:
    """Search the shop's products. query: product words (e.g. "majica", "rain jacket"); color and
    size: optional filters (comma-separated for several); min_price/max_price in the shop's
    currency; on_sale: only discounted products; in_stock_only: only products in stock. Returns live
    prices and stock. With no query and no filters it lists the product categories."""
    from shop.selectors import category_list, product_search_count
    from shop.selectors import product_search as search

    with tenant_scope(runtime):
        filters = {
            "color": _split(color),
            "size": _split(size),
            "min_price": min_price,
            "max_price": max_price,
        }
        filters = {k: v for k, v in filters.items() if v not in (None, "", [])}
        if on_sale:
            filters["on_sale"] = True
        if not query.strip() and not filters and not in_stock_only:
            return {"query": "", "categories": category_list(), "products": [], "total": 0}
        limit = max(1, min(int(limit or 5), MAX_PRODUCTS))
        try:
            hits = search(query=query, limit=limit, in_stock_only=in_stock_only, filters=filters)
            total = product_search_count(query=query, in_stock_only=in_stock_only, filters=filters)
        except ValidationError as exc:
            return {"error": "invalid_filters", "message": "; ".join(exc.messages)}
        return {
            "query": query,
            "filters": filters,
            "total": total,
            "products": [_product_dict(hit) for hit in hits],
        }


# --- product details --------------------------------------------------------------------------


def _name_in_message(name: str, words: set[str]) -> bool:
    """Every word of the product name appears in the message (first 4 letters, for inflection)."""
    parts = [w for w in normalize(name).split() if w]
    stems = {w[:4] for w in words}
    return bool(parts) and all(part[:4] in stems for part in parts)


class ProductDetailsOffline:
    def match(self, text: str, lang: str, turn) -> dict | None:
        q = read_query(text, lang)
        found = self._named_product(text, lang, turn)
        if found:
            return {"product": found, "_score": 0.95 if q.codes else 0.88}
        if q.content_words or q.filters() or not (q.asks_price or q.asks_stock):
            return None
        # "Koliko stane?" / "Is it in stock?" right after a question that named the product.
        for earlier in _earlier_questions(turn):
            found = self._named_product(earlier, lang, turn)
            if found:
                return {"product": found, "_score": 0.8}
        return None

    def _named_product(self, text: str, lang: str, turn) -> str | None:
        q = read_query(text, lang)
        if q.codes:
            return q.codes[0]
        if not q.content_words:
            return None
        words = set(normalize(text).replace("?", " ").replace(",", " ").split())
        for hit in _candidates(turn, q):
            if _name_in_message(hit.name, words):
                return hit.external_id
        return None

    def render(self, result, lang: str) -> str:
        if not isinstance(result, dict) or not result.get("found"):
            wanted = (result or {}).get("query", "") if isinstance(result, dict) else ""
            if lang == "sl":
                return f"Izdelka »{wanted}« žal ne najdem v naši ponudbi."
            return f"Sorry, I can't find the product “{wanted}” in our shop."
        p = result["product"]
        price = render.price_text(p, lang)
        stock = render.stock_text(p.get("stock", 0), lang)
        sizes = render.listing(p.get("sizes") or [])
        if lang == "sl":
            text = f"{p['name']} stane {price}, {stock}."
            if sizes and sizes != "one size":
                text += f" Velikosti: {sizes}."
            if p.get("url"):
                text += f" Več: {p['url']}"
        else:
            text = f"{p['name']} costs {price}; {stock}."
            if sizes and sizes != "one size":
                text += f" Sizes: {sizes}."
            if p.get("url"):
                text += f" More: {p['url']}"
        if not p.get("is_active", True):
            text += " (Izdelek ni več v prodaji.)" if lang == "sl" else " (No longer sold.)"
        return text


@agent_tool(agent="chatbot", feature="core", offline=ProductDetailsOffline())
@tool
def product_details(product: str, *, runtime: ToolRuntime[AgentContext]) -> dict:
    """Live price, stock, sizes and description of ONE product, by its code (external id), id or
    name as the shopper wrote it."""
    from shop.selectors import product_get
    from shop.selectors import product_search as search

    with tenant_scope(runtime):
        wanted = (product or "").strip()[:200]
        hit = product_get(external_id=wanted) if wanted else None
        if hit is None and wanted.isdigit():
            hit = product_get(product_id=int(wanted))
        if hit is None and wanted:
            hits = search(query=wanted, limit=1)
            hit = hits[0] if hits and hits[0].score >= 0.3 else None
        if hit is None:
            return {"found": False, "query": wanted}
        return {"found": True, "product": _product_dict(hit, full=True)}


# --- FAQ lookup -------------------------------------------------------------------------------


class FaqLookupOffline:
    def match(self, text: str, lang: str, turn) -> dict | None:
        from chatbot.selectors import faq_search

        hits = faq_search(query=text, limit=1)
        if not hits or hits[0].score < 0.6:
            return None
        return {"question": text[:300], "_score": min(0.9, 0.4 + 0.45 * hits[0].score)}

    def render(self, result, lang: str) -> str:
        matches = (result or {}).get("matches") if isinstance(result, dict) else None
        if not matches:
            return phrase("dont_know", lang)
        return matches[0]["answer"]


@agent_tool(agent="chatbot", feature="core", offline=FaqLookupOffline())
@tool
def faq_lookup(question: str, *, runtime: ToolRuntime[AgentContext]) -> dict:
    """Look up the shop's published FAQ answers for a shopper's question."""
    from chatbot.selectors import faq_search

    with tenant_scope(runtime):
        hits = faq_search(query=(question or "")[:500], limit=3)
        return {
            "matches": [
                {
                    "question": h.question,
                    "answer": h.answer,
                    "category": h.category,
                    "score": round(h.score, 3),
                }
                for h in hits
                if h.score >= 0.5
            ]
        }


# --- company info -----------------------------------------------------------------------------


class CompanyInfoOffline:
    def match(self, text: str, lang: str, turn) -> dict | None:
        topic, score = topic_of(text)
        return {"topic": topic, "_score": score} if topic else None

    def render(self, result, lang: str) -> str:
        return company_answer(result, lang)


@agent_tool(agent="chatbot", feature="core", offline=CompanyInfoOffline())
@tool
def company_info(topic: str = "all", *, runtime: ToolRuntime[AgentContext]) -> dict:
    """The shop's name, opening hours (and whether it is open right now, in the shop's time zone),
    contact and policies. topic: all | hours | open_now | contact | shipping | returns | payment |
    warranty."""
    from shop.selectors import company_info_get

    topic = topic if topic in COMPANY_TOPICS else "all"
    with tenant_scope(runtime):
        info = company_info_get()
        fallback_zone = getattr(getattr(connection, "tenant", None), "timezone", "") or "Europe/Ljubljana"
        current = now()
        hours = info.working_hours or {}
        status = open_status(hours, current, fallback_zone)
        return {
            "topic": topic,
            "name": info.name,
            "open": status,
            "week": week_table(hours),
            "configured_hours": bool(any(row["intervals"] for row in week_table(hours))),
            "closed_dates": upcoming_closed_dates(hours, date_local(status)),
            "contact": info.contact or {},
            "policies": info.policies or {},
        }


def date_local(status: dict):
    from datetime import date

    return date.fromisoformat(status["local_date"])
