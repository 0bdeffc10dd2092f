"""Owner dashboard shell (tenant host) and the public host's small pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponseNotFound, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import selectors, services
from accounts.forms import ApiKeyForm, CompanyInfoForm
from config.api import error_response
from features.registry import FEATURE_LIST, TIER_MONTHLY_TOKENS
from features.selectors import feature_state


def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "schema": connection.schema_name})


def public_home(request):
    return render(request, "public_home.html", {"accounts_count": len(selectors.account_list())})


def not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return error_response(404, _("Not found."))
    return HttpResponseNotFound(render(request, "404.html").content)


@login_required
def home(request):
    from shop import selectors as shop_selectors

    return render(request, "dashboard/home.html", {"shop_summary": shop_selectors.shop_summary()})


@login_required
def account_page(request):
    from shop import selectors as shop_selectors
    from shop import services as shop_services

    account = request.tenant
    info = shop_selectors.company_info_get()
    company_form = CompanyInfoForm(
        request.POST if request.method == "POST" and "save_company" in request.POST else None,
        initial={
            "name": info.name,
            "contact": info.contact,
            "working_hours": info.working_hours,
            "policies": info.policies,
        },
    )
    if company_form.is_bound and company_form.is_valid():
        try:
            shop_services.company_info_update(**company_form.cleaned_data)
        except Exception as exc:  # a ValidationError with a message for the owner
            messages.error(request, "; ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("Company info saved."))
            return redirect("account")
    state = feature_state(account)
    features = [
        {
            "feature": feature,
            "enabled": state[feature.key]["enabled"],
            "override": state[feature.key]["override"],
        }
        for feature in FEATURE_LIST
    ]
    return render(
        request,
        "dashboard/account.html",
        {
            "features": features,
            "monthly_tokens": TIER_MONTHLY_TOKENS.get(account.subscription_tier),
            "api_keys": selectors.api_key_list(account=account),
            "company_form": company_form,
            "key_form": ApiKeyForm(),
            "new_key": request.session.pop("new_api_key", None),
        },
    )


@login_required
@require_POST
def api_key_create(request):
    form = ApiKeyForm(request.POST)
    if form.is_valid():
        _key, plaintext = services.api_key_create(account=request.tenant, name=form.cleaned_data["name"])
        # Shown once on the next page, never stored in plaintext.
        request.session["new_api_key"] = plaintext
    else:
        messages.error(request, _("Give the key a name."))
    return redirect("account")


@login_required
@require_POST
def api_key_revoke(request, key_id: int):
    from accounts.models import ApiKey

    try:
        services.api_key_revoke(account=request.tenant, key_id=key_id)
    except ApiKey.DoesNotExist:
        return HttpResponseNotFound(_("No such key."))
    messages.success(request, _("API key revoked."))
    return redirect("account")
