"""Owner-assistant tools of the add-ons: lead qualifier (assistant.lead_qualifier), B2B quotes
(assistant.b2b_rfq), description generator (assistant.description_generator) and FAQ generator
(chatbot.faq_generator, asked for in the owner's assistant). Tools only propose: descriptions and
quotes become assistant actions the owner approves; FAQs are stored as drafts."""

import re

from django.core.exceptions import ValidationError
from langchain.tools import ToolRuntime, tool

from addons import intents, lead_scoring
from addons.tool_helpers import product_in_message, resolve_product
from llm.context import AgentContext
from llm.registry import agent_tool
from llm.tooling import tenant_scope

LEADS = intents._rx(
    r"\b(best|hot\w*|top|qualif\w*|scor\w*|promising|warm\w*)\b.{0,20}\bleads?\b",
    r"\bleads?\b.{0,20}\b(scor\w*|qualif\w*|rank\w*)",
    r"\b(najboljs\w*|vroc\w*|obetavn\w*|ocen\w*|kvalific\w*)\b.{0,20}\b(kontakt\w*|lead\w*|potencialn\w*)",
)
RFQS = intents._rx(r"\b(rfqs?|quote requests?|requests? for (a )?quot\w*)\b", r"\b(povprasevanj\w*|b2b)\b")
DESCRIBE = intents._rx(
    r"\b(write|generate|draft|create|suggest)\b.{0,20}\bdescription\b",
    r"\b(napisi|ustvari|pripravi|generiraj|predlagaj|sestavi)\b.{0,20}\bopis\w*",
)
FAQ_GEN = intents._rx(
    r"\b(generate|suggest|draft|propose)\b.{0,20}\b(faqs?|frequently asked)\b",
    r"\b(predlagaj\w*|generiraj\w*|pripravi\w*|ustvari)\b.{0,20}\b(faq\w*|pogost\w* vprasanj\w*)",
)


class _Hooks:
    def __init__(self, pattern, args, renderer, score: float = 0.95):
        self.pattern, self.args, self.renderer, self.score = pattern, args, renderer, score

    def match(self, text: str, lang: str, turn) -> dict | None:
        if not self.pattern.search(intents.plain(text)):
            return None
        args = self.args(text, lang)
        return None if args is None else {**args, "_score": self.score}

    def render(self, result, lang: str) -> str:
        return self.renderer(result, lang) if isinstance(result, dict) else ""


# --- lead qualifier --------------------------------------------------------------------------
def _render_leads(result: dict, lang: str) -> str:
    sl = lang == "sl"
    leads = result.get("leads") or []
    if not leads:
        return "Ocenjenih kontaktov še ni." if sl else "There are no scored leads yet."
    lines = []
    for lead in leads:
        why = ", ".join(lead_scoring.reason_text(code, lang) for code in lead["reasons"][:4])
        who = lead["name"] or lead["email"] or lead["phone"]
        lines.append(f"- {who}: {lead['score']}/100 ({why})")
    head = "Najbolj obetavni kontakti:" if sl else "The most promising leads:"
    return "\n".join([head, *lines])


@agent_tool(
    agent="assistant",
    feature="lead_qualifier",
    requires=(("chatbot", "core"),),
    offline=_Hooks(LEADS, lambda text, lang: {}, _render_leads),
)
@tool
def lead_scores_top(limit: int = 5, *, runtime: ToolRuntime[AgentContext]) -> dict:
    """The best-scoring chat leads (0..100) with the reasons; new leads are scored first."""
    from addons.selectors import lead_score_list
    from addons.services import leads_score_pending

    with tenant_scope(runtime):
        leads_score_pending()
        rows = lead_score_list()[: max(1, min(int(limit or 5), 20))]
        return {
            "leads": [
                {
                    "lead_id": row.lead_id,
                    "name": row.lead.name,
                    "email": row.lead.email,
                    "phone": row.lead.phone,
                    "score": row.score,
                    "band": lead_scoring.band(row.score),
                    "reasons": row.reasons,
                }
                for row in rows
            ]
        }


# --- B2B quotes ------------------------------------------------------------------------------
def _rfq_args(text: str, lang: str) -> dict:
    match = re.search(r"(?:#|\bst\.?\s*|\bno\.?\s*|\b)(\d{1,9})\b", intents.plain(text))
    wants_draft = re.search(
        r"\b(draft|prepare|quote|pripravi\w*|sestavi\w*|ponudb\w*)\b", intents.plain(text)
    )
    return {"rfq_id": int(match.group(1)) if match and wants_draft else None}


def _render_rfqs(result: dict, lang: str) -> str:
    sl = lang == "sl"
    if result.get("error"):
        return result["error"]
    if result.get("drafted"):
        if sl:
            return (
                f"Ponudbo za povpraševanje {result['rfq_id']} sem pripravil kot predlog {result['action_id']}; "
                "potrdite ga v nabiralniku predlogov (/assistant/actions/)."
            )
        return (
            f"I drafted the quote for request {result['rfq_id']} as proposal {result['action_id']}; "
            "approve it in the actions inbox (/assistant/actions/)."
        )
    rows = result.get("rfqs") or []
    if not rows:
        return "Novih povpraševanj ni." if sl else "There are no open requests for quotation."
    lines = [
        f"- #{r['id']} {r['company'] or r['email']}: {len(r['items'])} {'postavk' if sl else 'items'}"
        for r in rows
    ]
    return "\n".join(["Odprta povpraševanja:" if sl else "Open requests for quotation:", *lines])


@agent_tool(agent="assistant", feature="b2b_rfq", offline=_Hooks(RFQS, _rfq_args, _render_rfqs))
@tool
def rfq_requests(rfq_id: int | None = None, *, runtime: ToolRuntime[AgentContext]) -> dict:
    """List open B2B requests for quotation; with rfq_id, draft that request's quote as an action
    for the owner's approval."""
    from addons.models import RfqRequest
    from addons.selectors import rfq_list
    from addons.services import rfq_draft_quote

    with tenant_scope(runtime):
        if rfq_id:
            rfq = RfqRequest.objects.filter(pk=rfq_id).first()
            if rfq is None:
                return {"error": f"RFQ {rfq_id}: not found"}
            rfq = rfq_draft_quote(rfq=rfq)
            return {"drafted": True, "rfq_id": rfq.pk, "action_id": rfq.draft_action_id}
        rows = rfq_list().exclude(status=RfqRequest.Status.CLOSED)[:20]
        return {
            "rfqs": [
                {
                    "id": r.pk,
                    "company": r.details.get("company", ""),
                    "email": r.details.get("email", ""),
                    "items": r.details.get("items", []),
                    "status": r.status,
                }
                for r in rows
            ]
        }


# --- description generator -------------------------------------------------------------------
def _describe_args(text: str, lang: str) -> dict | None:
    product = product_in_message(text, lang)
    wants_en = re.search(r"\b(in english|v anglescini|angleski)\b", intents.plain(text))
    return {"product": product, "language": "en" if wants_en else lang} if product else None


def _render_description(result: dict, lang: str) -> str:
    sl = lang == "sl"
    if result.get("error"):
        return result["error"]
    if sl:
        return (
            f"Predlog opisa za {result['product_name']} (čaka na vašo potrditev kot predlog "
            f"{result['action_id']} v /assistant/actions/):\n{result['description']}"
        )
    return (
        f"Draft description for {result['product_name']} (awaiting your approval as proposal "
        f"{result['action_id']} in /assistant/actions/):\n{result['description']}"
    )


@agent_tool(
    agent="assistant",
    feature="description_generator",
    offline=_Hooks(DESCRIBE, _describe_args, _render_description, score=0.96),
)
@tool
def description_draft(product: str, language: str = "sl", *, runtime: ToolRuntime[AgentContext]) -> dict:
    """Draft a product description (sl or en) from the product's name, category and attributes and
    propose it for the owner's approval; nothing is written before approval."""
    from addons.generators import description_draft_propose

    with tenant_scope(runtime):
        hit = resolve_product(product)
        if hit is None:
            return {"error": f"product '{(product or '')[:100]}' not found"}
        try:
            action = description_draft_propose(
                product_id=hit.id, language=language if language in ("sl", "en") else "sl"
            )
        except ValidationError as exc:
            return {"error": "; ".join(exc.messages)}
        return {
            "action_id": action.pk,
            "status": action.status,
            "product_name": hit.name,
            "description": action.payload["description"],
        }


# --- FAQ generator ---------------------------------------------------------------------------
def _render_faqs(result: dict, lang: str) -> str:
    sl = lang == "sl"
    faqs = result.get("faqs") or []
    if not faqs:
        return "Novih predlogov pogostih vprašanj ni." if sl else "There are no new FAQ suggestions."
    head = (
        f"Pripravil sem {len(faqs)} osnutkov pogostih vprašanj (objavite jih v /chat/faqs/):"
        if sl
        else f"I drafted {len(faqs)} FAQs (publish them in /chat/faqs/):"
    )
    return "\n".join([head, *(f"- {f['question']}" for f in faqs)])


@agent_tool(
    agent="assistant",
    feature="core",
    requires=(("chatbot", "faq_generator"),),
    offline=_Hooks(FAQ_GEN, lambda text, lang: {"language": lang}, _render_faqs, score=0.96),
)
@tool
def faq_drafts_generate(language: str = "sl", *, runtime: ToolRuntime[AgentContext]) -> dict:
    """Draft FAQs from questions shoppers ask often and from the shop's policies; they are saved
    as drafts for the owner to edit and publish."""
    from addons.generators import faq_drafts_generate as generate

    with tenant_scope(runtime):
        faqs = generate(language=language if language in ("sl", "en") else "sl")
        return {"faqs": [{"id": f.pk, "question": f.question, "status": f.status} for f in faqs]}
