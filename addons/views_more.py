"""Owner dashboard of the add-ons, part two: stock alert subscriptions, RFQs, lead scores, finder
responses, the description generator and the FAQ generator."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from addons import generators, selectors, services, stock_alerts
from addons.lead_scoring import band, reason_text
from addons.models import RfqRequest
from addons.views import addon_view, error_lines


@addon_view("chatbot", "stock_alerts")
def stock_alert_list(request):
    pending = request.GET.get("pending") == "1"
    page = Paginator(selectors.stock_notification_list(pending_only=pending), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "addons/stock_alerts.html", {"page": page, "pending": pending})


@addon_view("chatbot", "stock_alerts")
@require_POST
def stock_alerts_send_now(request):
    result = stock_alerts.stock_alerts_send(account=request.tenant)
    messages.success(request, _("%(sent)s emails sent, %(failed)s failed.") % result)
    return redirect("addons-stock-alerts")


@addon_view("assistant", "b2b_rfq")
def rfqs(request):
    page = Paginator(selectors.rfq_list(), 50).get_page(request.GET.get("page"))
    return render(request, "addons/rfqs.html", {"page": page})


@addon_view("assistant", "b2b_rfq")
@require_POST
def rfq_draft(request, pk: int):
    rfq = get_object_or_404(RfqRequest, pk=pk)
    try:
        rfq = services.rfq_draft_quote(rfq=rfq)
        messages.success(request, _("Quote drafted; approve it in the assistant's actions."))
    except ValidationError as exc:
        messages.error(request, " ".join(error_lines(exc)))
    return redirect("addons-rfqs")


@addon_view("assistant", "lead_qualifier")
def lead_scores(request):
    lang = getattr(request, "LANGUAGE_CODE", "sl")
    rows = [
        {
            "row": row,
            "band": band(row.score),
            "reasons": [reason_text(code, "sl" if lang == "sl" else "en") for code in row.reasons],
        }
        for row in selectors.lead_score_list()[:200]
    ]
    return render(request, "addons/leads.html", {"rows": rows})


@addon_view("assistant", "lead_qualifier")
@require_POST
def lead_scores_refresh(request):
    count = services.leads_score_pending()
    messages.success(request, _("%(count)s new leads scored.") % {"count": count})
    return redirect("addons-leads")


@addon_view("chatbot", "product_finder")
def finder_responses(request):
    from shop.selectors import product_list

    page = Paginator(selectors.finder_response_list(), 50).get_page(request.GET.get("page"))
    ids = {pid for response in page for pid in response.recommended_product_ids}
    names = dict(product_list(include_inactive=True).filter(pk__in=ids).values_list("pk", "name"))
    rows = [
        {"response": r, "products": [names.get(pid, f"#{pid}") for pid in r.recommended_product_ids]}
        for r in page
    ]
    return render(request, "addons/finder.html", {"page": page, "rows": rows})


@addon_view("assistant", "description_generator")
def descriptions(request):
    from shop.selectors import product_list

    missing = request.GET.get("missing", "1") == "1"
    products = product_list()
    if missing:
        products = products.filter(description="")
    page = Paginator(products, 50).get_page(request.GET.get("page"))
    return render(request, "addons/descriptions.html", {"page": page, "missing": missing})


@addon_view("assistant", "description_generator")
@require_POST
def description_draft(request, product_id: int):
    try:
        action = generators.description_draft_propose(
            product_id=product_id, language=request.POST.get("language", "sl")
        )
        messages.success(
            request, _("Description drafted as proposal %(id)s; review and approve it.") % {"id": action.pk}
        )
    except ValidationError as exc:
        messages.error(request, " ".join(error_lines(exc)))
        return render(request, "addons/descriptions.html", {"page": None, "missing": True}, status=400)
    return redirect("assistant-actions")


@addon_view("chatbot", "faq_generator")
def faq_generator(request):
    lang = request.GET.get("language", "sl")
    try:
        candidates = generators.faq_candidates(language=lang if lang in ("sl", "en") else "sl")
    except ValidationError as exc:
        messages.error(request, " ".join(error_lines(exc)))
        candidates = []
    return render(request, "addons/faqs.html", {"candidates": candidates, "language": lang})


@addon_view("chatbot", "faq_generator")
@require_POST
def faq_generate(request):
    try:
        faqs = generators.faq_drafts_generate(language=request.POST.get("language", "sl"))
    except ValidationError as exc:
        messages.error(request, " ".join(error_lines(exc)))
        return redirect("addons-faqs")
    messages.success(
        request, _("%(count)s draft FAQs created; publish them in the chatbot's FAQs.") % {"count": len(faqs)}
    )
    return redirect("chat-faqs")
