"""Writes of the add-ons: support tickets, pricing rules, size charts, RFQs, lead scores and
finder responses. Stock alerts are in addons/stock_alerts.py, the generators in addons/generators.py.

Every JSON column is validated by its pure module before it is written; a ValidationError names
the bad field so the API and the dashboard can say which one.
"""

import logging
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from addons import finder, lead_scoring, pricing, sizes
from addons.models import FinderResponse, LeadScore, PricingRule, RfqRequest, SizeChart, SupportTicket

MAX_TEXT = 4000
log = logging.getLogger(__name__)


def _text(value, field: str, *, max_length: int, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError({field: _("Must be text.")})
    value = value.strip()
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    if len(value) > max_length:
        raise ValidationError({field: _("At most %(n)s characters.") % {"n": max_length}})
    return value


def _email(value, field: str = "email", *, required: bool = False) -> str:
    value = _text(value, field, max_length=254, required=required)
    if value:
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError({field: _("Enter a valid email address.")}) from None
    return value


# --- support tickets -------------------------------------------------------------------------
def ticket_create(
    *,
    issue: str,
    email: str = "",
    name: str = "",
    order_ref: str = "",
    kind: str = SupportTicket.Kind.COMPLAINT,
    session=None,
    language: str = "sl",
) -> SupportTicket:
    from shop.selectors import order_get

    issue = _text(issue, "issue", max_length=MAX_TEXT, required=True)
    email = _email(email)
    if not email and session is None:
        raise ValidationError({"email": _("An email address is needed to answer the ticket.")})
    if kind not in SupportTicket.Kind.values:
        raise ValidationError(
            {"kind": _("Must be one of: %(values)s.") % {"values": ", ".join(SupportTicket.Kind.values)}}
        )
    order_ref = _text(order_ref, "order_ref", max_length=100).lstrip("#")
    ticket = SupportTicket.objects.create(
        session=session,
        kind=kind,
        issue=issue,
        email=email,
        name=_text(name, "name", max_length=200),
        order_ref=order_ref,
        order_found=bool(order_ref) and order_get(external_id=order_ref) is not None,
        language=language if language in ("sl", "en") else "sl",
    )
    account = getattr(connection, "tenant", None)
    # After commit: the owner is told only about a ticket that really exists.
    transaction.on_commit(lambda: _ticket_notify(ticket, account))
    return ticket


def _ticket_notify(ticket: SupportTicket, account) -> None:
    recipient = getattr(account, "owner_email", "")
    if not recipient:
        return
    with translation.override(getattr(account, "default_language", "sl") or "sl"):
        subject = _("New ticket #%(id)s: %(kind)s") % {
            "kind": ticket.get_kind_display().lower(),
            "id": ticket.pk,
        }
        body = "\n".join(
            [
                f"{_('Issue')}: {ticket.issue}",
                f"{_('Order')}: {ticket.order_ref or '-'}",
                f"{_('Contact')}: {ticket.name} {ticket.email}".strip(),
                "/addons/tickets/",
            ]
        )
    try:
        send_mail(subject, body, None, [recipient])
    except Exception:  # noqa: BLE001 - a mail outage must not lose the ticket (already stored)
        log.warning("ticket notification failed", exc_info=True)


def ticket_set_status(*, ticket: SupportTicket, status: str) -> SupportTicket:
    if status not in SupportTicket.Status.values:
        raise ValidationError(
            {"status": _("Must be one of: %(values)s.") % {"values": ", ".join(SupportTicket.Status.values)}}
        )
    ticket.status = status
    ticket.save(update_fields=["status", "updated_at"])
    return ticket


# --- pricing rules ---------------------------------------------------------------------------
def pricing_rule_save(
    *,
    rule: PricingRule | None = None,
    name: str,
    params,
    product_id: int | None = None,
    category: str = "",
    is_active: bool = True,
) -> PricingRule:
    from shop.selectors import product_get

    name = _text(name, "name", max_length=200, required=True)
    clean = pricing.validate_params(params)
    if product_id is not None and product_get(product_id=product_id) is None:
        raise ValidationError({"product_id": _("No such product.")})
    rule = rule or PricingRule()
    rule.name, rule.params, rule.product_id = name, clean, product_id
    rule.category, rule.is_active = _text(category, "category", max_length=200), bool(is_active)
    rule.save()
    return rule


def size_chart_save(*, chart_row: SizeChart | None = None, category: str, chart) -> SizeChart:
    category = _text(category, "category", max_length=200, required=True)
    clean = sizes.validate_chart(chart)
    clash = SizeChart.objects.filter(category__iexact=category)
    if chart_row is not None:
        clash = clash.exclude(pk=chart_row.pk)
    if clash.exists():
        raise ValidationError(
            {"category": _("A size chart for '%(category)s' exists already.") % {"category": category}}
        )
    chart_row = chart_row or SizeChart()
    chart_row.category, chart_row.chart = category, clean
    chart_row.save()
    return chart_row


# --- B2B requests for quotation --------------------------------------------------------------
def rfq_details_validate(details) -> dict:
    if not isinstance(details, dict):
        raise ValidationError({"details": _("Details must be a JSON object.")})
    items = details.get("items")
    if not isinstance(items, list) or not items or len(items) > 50:
        raise ValidationError(
            {"details.items": _('Give 1 to 50 items: [{"product": ..., "quantity": ...}].')}
        )
    clean_items = []
    for index, item in enumerate(items):
        where = f"details.items[{index}]"
        if not isinstance(item, dict):
            raise ValidationError({where: _("Must be an object {product, quantity}.")})
        quantity = item.get("quantity")
        if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= 1_000_000:
            raise ValidationError({f"{where}.quantity": _("Must be a whole number from 1 to 1000000.")})
        product = _text(item.get("product"), f"{where}.product", max_length=200, required=True)
        clean_items.append({"product": product, "quantity": quantity})
    return {
        "company": _text(details.get("company"), "details.company", max_length=200),
        "contact_name": _text(details.get("contact_name"), "details.contact_name", max_length=200),
        "email": _email(details.get("email"), "details.email", required=True),
        "phone": _text(details.get("phone"), "details.phone", max_length=40),
        "note": _text(details.get("note"), "details.note", max_length=MAX_TEXT),
        "items": clean_items,
    }


def rfq_create(*, details, session=None) -> RfqRequest:
    return RfqRequest.objects.create(details=rfq_details_validate(details), session=session)


def _resolve_product(wanted: str):
    from shop.selectors import product_get, product_search

    hit = product_get(external_id=wanted)
    if hit is None and wanted.isdigit():
        hit = product_get(product_id=int(wanted))
    if hit is None:
        hits = product_search(query=wanted, limit=1)
        hit = hits[0] if hits and hits[0].score >= 0.3 else None
    return hit


def _line_price(hit, quantity: int) -> tuple[Decimal | None, str]:
    from addons.selectors import pricing_rule_for

    rule = pricing_rule_for(product_id=hit.id, category=hit.category)
    if rule is not None and rule.params.get("unit") == "piece":
        try:
            return pricing.quote(rule.params, quantity=quantity).total, rule.name
        except ValidationError:
            pass  # outside the rule's quantity limits: the list price below still quotes it
    if hit.price is None:
        return None, ""
    return (hit.price * quantity).quantize(pricing.CENT), ""


def rfq_quote_lines(rfq: RfqRequest) -> list[dict]:
    lines = []
    for item in rfq.details.get("items", []):
        hit = _resolve_product(item["product"])
        total, rule = _line_price(hit, item["quantity"]) if hit else (None, "")
        lines.append(
            {
                "product": item["product"],
                "product_id": hit.id if hit else None,
                "name": hit.name if hit else "",
                "quantity": item["quantity"],
                "total": None if total is None else str(total),
                "rule": rule,
            }
        )
    return lines


def rfq_draft_quote(*, rfq: RfqRequest, session=None) -> RfqRequest:
    """Draft the quote as an assistant action (lead follow-up) the owner approves or rejects."""
    from assistant.actions import action_propose

    lines = rfq_quote_lines(rfq)
    details = rfq.details
    text = [
        f"Quote for RFQ #{rfq.pk} – {details.get('company') or details.get('contact_name') or details['email']}"
    ]
    total = Decimal(0)
    for line in lines:
        if line["total"] is None:
            text.append(f"- {line['product']} × {line['quantity']}: price to be set by hand")
        else:
            total += Decimal(line["total"])
            text.append(f"- {line['name']} × {line['quantity']}: {line['total']} EUR")
    text.append(f"Total (priced lines): {total} EUR")
    if details.get("note"):
        text.append(f"Customer note: {details['note']}")
    # Row lock: two owners pressing "draft quote" at once must not leave two actions linked.
    with transaction.atomic():
        locked = RfqRequest.objects.select_for_update().get(pk=rfq.pk)
        action = action_propose(
            action_type="lead_followup",
            payload={"contact": details["email"], "note": "\n".join(text)[:2000]},
            summary=f"RFQ #{rfq.pk}: quote {total} EUR for {details['email']}",
            proposed_by="addon:b2b_rfq",
            session=session,
        )
        locked.draft_action, locked.status = action, RfqRequest.Status.QUOTE_DRAFTED
        locked.save(update_fields=["draft_action", "status"])
    return locked


# --- lead scores -----------------------------------------------------------------------------
def lead_score_refresh(*, lead) -> LeadScore:
    from chatbot.models import ChatMessage

    texts = [lead.message or ""]
    user_messages = 0
    if lead.session_id:
        rows = ChatMessage.objects.filter(session_id=lead.session_id, role="user").values_list(
            "content", flat=True
        )
        texts += list(rows[:50])
        user_messages = len(texts) - 1
    facts = lead_scoring.LeadFacts(
        email=lead.email,
        phone=lead.phone,
        name=lead.name,
        message="\n".join(texts),
        user_messages=user_messages,
        source_addon=lead.source_addon,
    )
    score, reasons = lead_scoring.score_lead(facts)
    row, _created = LeadScore.objects.update_or_create(
        lead=lead, defaults={"score": score, "reasons": reasons}
    )
    return row


def leads_score_pending(*, limit: int = 500) -> int:
    """Score leads that have no score yet (the periodic task and the dashboard button)."""
    from chatbot.models import ChatLead

    scored = LeadScore.objects.values_list("lead_id", flat=True)
    leads = ChatLead.objects.exclude(pk__in=scored).order_by("created_at")[:limit]
    count = 0
    for lead in leads:
        lead_score_refresh(lead=lead)
        count += 1
    return count


# --- product finder --------------------------------------------------------------------------
def finder_recommend(*, answers, session=None, limit: int = 3) -> tuple[FinderResponse, list[dict]]:
    from addons.selectors import finder_catalog

    clean = finder.validate_answers(answers)
    picks = finder.rank(finder_catalog(), clean, limit=limit)
    response = FinderResponse.objects.create(
        session=session, answers=clean, recommended_product_ids=[p["id"] for p in picks]
    )
    return response, picks
