"""Owner dashboard of the add-ons (/addons/...): overview, support tickets, and the pricing-rule
and size-chart editors. The other pages are in views_more.py. Each page needs a login and its
add-on's feature gate (a disabled add-on's pages are 404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from addons import selectors, services
from addons.forms import PRICING_EXAMPLE, SIZE_EXAMPLE, PricingRuleForm, SizeChartForm
from addons.models import PricingRule, SizeChart, SupportTicket
from features.gates import feature_required
from features.registry import FEATURES
from features.selectors import is_enabled

ADDONS = [
    ("chatbot", "support_tickets", "addons-tickets"),
    ("chatbot", "price_calculator", "addons-pricing"),
    ("chatbot", "size_advisor", "addons-sizes"),
    ("chatbot", "stock_alerts", "addons-stock-alerts"),
    ("chatbot", "product_finder", "addons-finder"),
    ("chatbot", "faq_generator", "addons-faqs"),
    ("assistant", "lead_qualifier", "addons-leads"),
    ("assistant", "b2b_rfq", "addons-rfqs"),
    ("assistant", "description_generator", "addons-descriptions"),
]


def addon_view(agent: str, feature: str):
    def decorator(view):
        return login_required(feature_required(agent, feature)(view))

    return decorator


def error_lines(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [f"{field}: {message}" for field, items in exc.message_dict.items() for message in items]
    return list(exc.messages)


@login_required
def overview(request):
    rows = [
        {"feature": FEATURES[(agent, name)], "enabled": is_enabled(request.tenant, agent, name), "url": url}
        for agent, name, url in ADDONS
    ]
    return render(request, "addons/overview.html", {"rows": rows})


# --- support tickets -------------------------------------------------------------------------
@addon_view("chatbot", "support_tickets")
def tickets(request):
    wanted = request.GET.get("status", "")
    wanted = wanted if wanted in SupportTicket.Status.values else ""
    page = Paginator(selectors.ticket_list(status=wanted), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "addons/tickets.html",
        {"page": page, "status": wanted, "statuses": SupportTicket.Status.choices},
    )


@addon_view("chatbot", "support_tickets")
@require_POST
def ticket_status(request, pk: int):
    ticket = get_object_or_404(SupportTicket, pk=pk)
    try:
        services.ticket_set_status(ticket=ticket, status=request.POST.get("status", ""))
        messages.success(request, _("Ticket %(id)s updated.") % {"id": ticket.pk})
    except ValidationError as exc:
        messages.error(request, " ".join(error_lines(exc)))
    return redirect("addons-tickets")


# --- pricing rules ---------------------------------------------------------------------------
@addon_view("chatbot", "price_calculator")
def pricing_rules(request):
    return render(request, "addons/pricing.html", {"rules": selectors.pricing_rule_list()})


def _product_id(code: str) -> int | None:
    from shop.selectors import product_get

    if not code:
        return None
    hit = product_get(external_id=code)
    if hit is None:
        raise ValidationError({"product": _("No product with this code.")})
    return hit.id


@addon_view("chatbot", "price_calculator")
def pricing_rule_edit(request, pk: int | None = None):
    from shop.selectors import product_get

    rule = get_object_or_404(PricingRule, pk=pk) if pk else None
    status = 200
    if request.method == "POST":
        form = PricingRuleForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.pricing_rule_save(
                    rule=rule,
                    name=data["name"],
                    params=data["params"],
                    product_id=_product_id(data["product"].strip()),
                    category=data["category"],
                    is_active=data["is_active"],
                )
                messages.success(request, _("Pricing rule saved."))
                return redirect("addons-pricing")
            except ValidationError as exc:
                for line in error_lines(exc):
                    form.add_error(None, line)
        status = 400
    else:
        hit = product_get(product_id=rule.product_id) if rule and rule.product_id else None
        initial = {
            "name": rule.name if rule else "",
            "category": rule.category if rule else "",
            "product": hit.external_id if hit else "",
            "params": rule.params if rule else PRICING_EXAMPLE,
            "is_active": rule.is_active if rule else True,
        }
        form = PricingRuleForm(initial=initial)
    return render(request, "addons/pricing_edit.html", {"form": form, "rule": rule}, status=status)


@addon_view("chatbot", "price_calculator")
@require_POST
def pricing_rule_delete(request, pk: int):
    get_object_or_404(PricingRule, pk=pk).delete()
    messages.success(request, _("Pricing rule deleted."))
    return redirect("addons-pricing")


# --- size charts -----------------------------------------------------------------------------
@addon_view("chatbot", "size_advisor")
def size_charts(request):
    return render(request, "addons/sizes.html", {"charts": selectors.size_chart_list()})


@addon_view("chatbot", "size_advisor")
def size_chart_edit(request, pk: int | None = None):
    row = get_object_or_404(SizeChart, pk=pk) if pk else None
    status = 200
    if request.method == "POST":
        form = SizeChartForm(request.POST)
        if form.is_valid():
            try:
                services.size_chart_save(
                    chart_row=row, category=form.cleaned_data["category"], chart=form.cleaned_data["chart"]
                )
                messages.success(request, _("Size chart saved."))
                return redirect("addons-sizes")
            except ValidationError as exc:
                for line in error_lines(exc):
                    form.add_error(None, line)
        status = 400
    else:
        form = SizeChartForm(
            initial={"category": row.category if row else "", "chart": row.chart if row else SIZE_EXAMPLE}
        )
    return render(request, "addons/size_edit.html", {"form": form, "row": row}, status=status)


@addon_view("chatbot", "size_advisor")
@require_POST
def size_chart_delete(request, pk: int):
    get_object_or_404(SizeChart, pk=pk).delete()
    messages.success(request, _("Size chart deleted."))
    return redirect("addons-sizes")
