"""Chatbot tools of the price calculator (chatbot.price_calculator), size advisor
(chatbot.size_advisor), product finder (chatbot.product_finder) and B2B requests for quotation
(assistant.b2b_rfq, taken in the shopper chat), with their offline hooks (sl/en)."""

from django.core.exceptions import ValidationError
from langchain.tools import ToolRuntime, tool

from addons import finder, intents, pricing, sizes
from addons.tool_helpers import (
    chat_session,
    earlier_human,
    product_in_message,
    resolve_product,
    typed_by_shopper,
)
from llm.context import AgentContext
from llm.registry import agent_tool
from llm.render import listing, money, product_line
from llm.tooling import tenant_scope

_MEASURE_SL = {"chest": "prsni obseg", "waist": "pas", "hips": "boki", "height": "višina", "foot": "stopalo", "inseam": "notranja dolžina"}  # fmt: skip


def _error(exc: ValidationError) -> str:
    field, messages = next(iter(exc.message_dict.items()))
    return f"{field}: {messages[0]}"


# --- price calculator ------------------------------------------------------------------------
class PriceQuoteOffline:
    def match(self, text: str, lang: str, turn) -> dict | None:
        from addons.selectors import pricing_rule_for

        plain = intents.plain(text)
        dims, quantity = intents.dimensions_in(text), intents.quantity_in(text)
        if not (dims or quantity) or not (intents.PRICE_ASK.search(plain) or dims):
            return None
        product = product_in_message(text, lang)
        hit = resolve_product(product) if product else None
        if hit is None or pricing_rule_for(product_id=hit.id, category=hit.category) is None:
            return None  # no rule: the catalog tools answer with the list price
        # A B2B request for a quote (no dimensions) is the RFQ tool's; answer it only when alone.
        score = 0.93 if dims else 0.6 if intents.RFQ.search(plain) else 0.9
        args = {"product": product, "quantity": quantity or 1, "_score": score}
        if dims:
            args["width_cm"], args["height_cm"] = float(dims[0]), float(dims[1])
        return args

    def render(self, result, lang: str) -> str:
        sl = lang == "sl"
        if not isinstance(result, dict):
            return ""
        if result.get("error"):
            return ("Izračun ni mogoč: " if sl else "I can't calculate that: ") + result["error"]
        name, currency = result.get("product_name", ""), result.get("currency", "EUR")
        q = result.get("quote")
        if not q:
            return (
                f"Za {name} kalkulator nima pravila; redna cena je {money(result.get('price'), currency, lang)}."
                if sl
                else f"There is no calculator rule for {name}; its list price is {money(result.get('price'), currency, lang)}."
            )
        unit = "m²" if result.get("unit") == "m2" else ("kos" if sl else "pc")
        size = f" ({q['area_m2']} m² {'na kos' if sl else 'each'})" if q.get("area_m2") else ""
        head = (
            f"Izračun za {name}: {q['quantity']} kos{size}, {money(q['unit_price'], currency, lang)}/{unit}"
            if sl
            else f"Quote for {name}: {q['quantity']} pcs{size}, {money(q['unit_price'], currency, lang)}/{unit}"
        )
        extras = []
        if q["discount_percent"] != "0":
            extras.append(f"{'popust' if sl else 'discount'} {q['discount_percent']} %")
        if q["setup_fee"] not in ("0", "0.00"):
            extras.append(f"{'priprava' if sl else 'setup'} {money(q['setup_fee'], currency, lang)}")
        if q["minimum_applied"]:
            extras.append("najnižji znesek naročila" if sl else "minimum order charge")
        tail = f" ({', '.join(extras)})" if extras else ""
        total = money(q["total"], currency, lang)
        return f"{head}{tail}. {'Skupaj' if sl else 'Total'}: {total}."


@agent_tool(agent="chatbot", feature="price_calculator", offline=PriceQuoteOffline())
@tool
def price_quote(
    product: str,
    quantity: int = 1,
    width_cm: float | None = None,
    height_cm: float | None = None,
    *,
    runtime: ToolRuntime[AgentContext],
) -> dict:
    """Calculate a price from the shop's pricing rules: per m² (give width_cm and height_cm of one
    piece), quantity discounts and minimum charges. product: code or name; quantity: pieces."""
    from addons.selectors import pricing_rule_for

    with tenant_scope(runtime):
        hit = resolve_product(product)
        if hit is None:
            return {"error": f"product: '{(product or '')[:100]}' not found"}
        base = {"product_name": hit.name, "product_id": hit.id, "currency": hit.currency}
        rule = pricing_rule_for(product_id=hit.id, category=hit.category)
        if rule is None:
            return {**base, "price": None if hit.price is None else str(hit.price), "quote": None}
        try:
            result = pricing.quote(
                rule.params, quantity=int(quantity or 1), width_cm=width_cm, height_cm=height_cm
            )
        except (ValidationError, TypeError, ValueError) as exc:
            return {**base, "error": _error(exc) if isinstance(exc, ValidationError) else str(exc)}
        return {**base, "rule": rule.name, "unit": rule.params.get("unit"), "quote": result.as_dict()}


# --- size advisor ----------------------------------------------------------------------------
class SizeAdviceOffline:
    def match(self, text: str, lang: str, turn) -> dict | None:
        from addons.selectors import size_chart_list

        measures = intents.measurements_in(text)
        if not measures:
            return None
        asks = intents.SIZE_ASK.search(intents.plain(text)) or earlier_human(turn, intents.SIZE_ASK)
        if not asks and len(measures) < 2:
            return None
        categories = list(size_chart_list().values_list("category", flat=True)[:50])
        if not categories:
            return None  # no size chart: nothing to advise from
        category = intents.mentions_any(text, categories)
        if not category and isinstance(asks, str):
            category = intents.mentions_any(asks, categories)
        # Exact names only: "majice" must not pick one shirt and warn about its sizes.
        product = product_in_message(text, lang, exact=True)
        return {"category": category, "product": product, **measures, "_score": 0.92 if asks else 0.7}

    def render(self, result, lang: str) -> str:
        sl = lang == "sl"
        if not isinstance(result, dict):
            return ""
        if not result.get("chart"):
            if sl:
                return "Za ta izdelek nimamo tabele velikosti. Katero kategorijo izdelkov imate v mislih?"
            return "We have no size chart for that. Which kind of product do you mean?"
        advice = result["advice"]
        if not advice.get("size"):
            wanted = listing(result.get("measurements_in_chart") or [])
            return (
                f"Potrebujem vsaj eno od mer: {wanted} (v cm)."
                if sl
                else f"I need at least one of: {wanted} (in cm)."
            )
        said = ", ".join(
            f"{_MEASURE_SL.get(k, k) if sl else k} {result['measurements'][k]:g} cm" for k in advice["used"]
        )
        category, size = result["category"], advice["size"]
        if advice["fits_all"]:
            text = (
                f"Za vaše mere ({said}) vam v kategoriji {category} priporočam velikost {size}."
                if sl
                else f"For your measurements ({said}) I recommend size {size} in {category}."
            )
        else:
            text = (
                f"Za vaše mere ({said}) v kategoriji {category} ni popolnega ujemanja; najbližja je velikost {size}."
                if sl
                else f"For your measurements ({said}) no size in {category} fits exactly; the closest is {size}."
            )
        offered = result.get("product_sizes")
        if offered and size.upper() not in {str(s).upper() for s in offered}:
            name = result.get("product_name", "")
            text += (
                f" {name} je žal na voljo le v velikostih {listing(offered)}."
                if sl
                else f" {name} only comes in {listing(offered)}, unfortunately."
            )
        return text


@agent_tool(agent="chatbot", feature="size_advisor", offline=SizeAdviceOffline())
@tool
def size_advice(
    category: str = "",
    product: str = "",
    chest: float | None = None,
    waist: float | None = None,
    hips: float | None = None,
    height: float | None = None,
    foot: float | None = None,
    inseam: float | None = None,
    *,
    runtime: ToolRuntime[AgentContext],
) -> dict:
    """Recommend a size from body measurements in cm, using the shop's size chart for the product's
    category. Give category or product, and the measurements the shopper told you."""
    from addons.selectors import size_chart_for

    with tenant_scope(runtime):
        hit = resolve_product(product) if product else None
        if not category and hit is not None:
            category = hit.category
        row = size_chart_for(category=category)
        if row is None:
            return {"chart": False, "category": category}
        extra = {}
        if hit is not None:
            attributes = hit.attributes or {}
            offered = attributes.get("size") or attributes.get("sizes") or []
            extra = {
                "product_name": hit.name,
                "product_sizes": offered if isinstance(offered, list) else [offered],
            }
        given = {
            "chest": chest,
            "waist": waist,
            "hips": hips,
            "height": height,
            "foot": foot,
            "inseam": inseam,
        }
        try:
            measurements = {
                k: float(v) for k, v in given.items() if v not in (None, "") and 0 < float(v) < 400
            }
        except (TypeError, ValueError):
            measurements = {}
        advice = sizes.recommend(row.chart, measurements)
        in_chart = sorted({key for size in row.chart["sizes"] for key in size if key != "size"})
        return {
            **extra,
            "chart": True,
            "category": row.category,
            "measurements": measurements,
            "measurements_in_chart": in_chart,
            "sizes": [size["size"] for size in row.chart["sizes"]],
            "advice": advice.as_dict(),
        }


# --- product finder --------------------------------------------------------------------------
def _question_label(key: str, lang: str) -> str:
    from addons.drafting import ATTRIBUTE_LABELS

    en, sl = {"category": ("Category", "Kategorija")}.get(key) or ATTRIBUTE_LABELS.get(
        key.lower(), (key, key)
    )
    return sl if lang == "sl" else en


class ProductFinderOffline:
    def match(self, text: str, lang: str, turn) -> dict | None:
        from addons.selectors import finder_catalog

        asks = intents.FINDER.search(intents.plain(text))
        if not asks and not earlier_human(turn, intents.FINDER, back=2):
            return None
        answers = finder.answers_from_text(text, finder.questions(finder_catalog()))
        if not asks and not answers:
            return None
        return {"answers": answers, "_score": 0.9 if asks else 0.85}

    def render(self, result, lang: str) -> str:
        sl = lang == "sl"
        if not isinstance(result, dict):
            return ""
        if result.get("error"):
            return result["error"]
        if "products" not in result:
            lines = [
                f"- {_question_label(q['key'], lang)}: {listing(q['values'], 8)}"
                for q in result.get("questions", [])
            ]
            head = (
                "Pomagam vam izbrati. Povejte mi, kaj vam je všeč:"
                if sl
                else "Let me help you choose. Tell me what you like:"
            )
            tail = "Lahko dodate tudi najvišjo ceno." if sl else "You can add a maximum price too."
            return "\n".join([head, *lines, tail])
        if not result["products"]:
            return (
                "Za te želje žal nisem našel izdelka. Poskusite z manj pogoji."
                if sl
                else "I found no product for these wishes. Try fewer conditions."
            )
        head = "Priporočam:" if sl else "My suggestions:"
        return "\n".join([head, *(product_line(p, lang) for p in result["products"])])


@agent_tool(agent="chatbot", feature="product_finder", offline=ProductFinderOffline())
@tool
def product_finder(answers: dict[str, str] | None = None, *, runtime: ToolRuntime[AgentContext]) -> dict:
    """Guided product finder. Without answers it returns the questions to ask (attributes and their
    values); with answers, e.g. {"category": "Majice", "color": "red", "max_price": "30"}, it
    recommends up to 3 matching products."""
    from addons.selectors import finder_catalog
    from addons.services import finder_recommend

    with tenant_scope(runtime) as context:
        if not answers:
            return {"questions": finder.questions(finder_catalog())}
        try:
            response, picks = finder_recommend(answers=answers, session=chat_session(context))
        except ValidationError as exc:
            return {"error": _error(exc)}
        keys = ("id", "name", "price", "currency", "stock", "in_stock", "url", "matched")
        return {"response_id": response.pk, "products": [{k: p.get(k) for k in keys} for p in picks]}


# --- B2B request for quotation (shopper side) ------------------------------------------------
class RfqSubmitOffline:
    def match(self, text: str, lang: str, turn) -> dict | None:
        plain = intents.plain(text)
        if not intents.RFQ.search(plain):
            return None
        quantity, product = intents.quantity_in(text), product_in_message(text, lang)
        items = [{"product": product, "quantity": quantity}] if product and quantity else []
        return {"email": intents.email_in(text), "items": items, "note": text[:1000], "_score": 0.91}

    def render(self, result, lang: str) -> str:
        sl = lang == "sl"
        if not isinstance(result, dict):
            return ""
        if result.get("created"):
            if sl:
                return f"Povpraševanje št. {result['rfq_id']} smo prejeli; ponudbo vam pošljemo na {result['email']}."
            return f"We received request no. {result['rfq_id']}; the quote will be sent to {result['email']}."
        if sl:
            return "Za ponudbo potrebujem vaš e-naslov ter izdelke in količine."
        return "For a quote I need your email address and the products with quantities."


@agent_tool(agent="chatbot", feature="core", requires=(("assistant", "b2b_rfq"),), offline=RfqSubmitOffline())
@tool
def rfq_submit(
    email: str = "",
    items: list[dict] | None = None,
    company: str = "",
    note: str = "",
    *,
    runtime: ToolRuntime[AgentContext],
) -> dict:
    """Record a business customer's request for a quotation. items: [{"product": name or code,
    "quantity": pieces}]; email: the address the customer typed; company: their company name."""
    from addons.services import rfq_create

    with tenant_scope(runtime) as context:
        session = chat_session(context)
        email = typed_by_shopper(email, session)
        if not email or not items:
            return {"created": False, "missing": "email" if not email else "items"}
        try:
            rfq = rfq_create(
                details={"email": email, "items": items, "company": company, "note": note}, session=session
            )
        except ValidationError as exc:
            return {"created": False, "error": _error(exc)}
        return {"created": True, "rfq_id": rfq.pk, "email": email}
