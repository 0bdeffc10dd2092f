"""Owner dashboard for email campaigns (/email/): drafts, editor with preview, approve, send, settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emailing import connection, forms, selectors, services
from emailing.models import DraftStatus
from features.gates import feature_required


def _error_text(exc: Exception) -> str:
    return "; ".join(getattr(exc, "messages", None) or [str(exc)])


def _products():
    from shop.selectors import product_hits, product_list

    return product_hits(product_list(in_stock_only=True).filter(price__isnull=False)[:300])


@login_required
@feature_required("email")
def draft_list(request):
    form = forms.NewDraftForm(
        request.POST or None, products=_products(), initial={"language": request.tenant.default_language}
    )
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.draft_create(
                account=request.tenant,
                campaign_type=form.cleaned_data["type"],
                language=form.cleaned_data["language"],
                product_ids=form.cleaned_data["product_ids"] or None,
                source="dashboard",
                actor=request.user.username,
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("Draft created. Review and edit it, then approve it."))
            return redirect("email-draft", draft_id=draft.pk)
    status = request.GET.get("status") if request.GET.get("status") in DraftStatus.values else None
    return render(
        request,
        "emailing/draft_list.html",
        {
            "drafts": selectors.draft_list(status=status)[:200],
            "form": form,
            "status": status,
            "statuses": DraftStatus.choices,
        },
    )


def _get(draft_id: int):
    draft = selectors.draft_get(draft_id=draft_id)
    if draft is None:
        raise Http404(_("No such draft."))
    return draft


@login_required
@feature_required("email")
def draft_detail(request, draft_id: int):
    draft = _get(draft_id)
    form = forms.DraftEditForm(
        request.POST or None,
        initial={
            "subject": draft.subject,
            "preheader": draft.preheader,
            "body_html": draft.body_html,
            "body_text": draft.body_text,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.draft_update(draft_id=draft.pk, actor=request.user.username, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("Draft saved."))
            return redirect("email-draft", draft_id=draft.pk)
    return render(
        request,
        "emailing/draft_detail.html",
        {
            "draft": draft,
            "form": form,
            "editable": draft.status in (DraftStatus.DRAFT, DraftStatus.APPROVED),
            "send_form": forms.SendForm(initial={"send_mode": draft.send_mode}),
            "preview": render_to_string("emailing/campaign_email.html", {"draft": draft}),
            "events": selectors.draft_events(draft=draft),
            "stale": selectors.claim_is_stale(draft),
        },
    )


@login_required
@feature_required("email")
@require_POST
def draft_approve(request, draft_id: int):
    _get(draft_id)
    try:
        services.draft_approve(draft_id=draft_id, user=request.user)
    except (ValidationError, PermissionError) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Campaign approved."))
    return redirect("email-draft", draft_id=draft_id)


@login_required
@feature_required("email")
@require_POST
def draft_send(request, draft_id: int):
    _get(draft_id)
    form = forms.SendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how to send the campaign."))
        return redirect("email-draft", draft_id=draft_id)
    try:
        services.campaign_send_request(
            draft_id=draft_id,
            actor=request.user.username,
            send_mode=form.cleaned_data["send_mode"],
            schedule_at=form.cleaned_data["schedule_at"],
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Sending started. The status below shows the result."))
    return redirect("email-draft", draft_id=draft_id)


@login_required
@feature_required("email")
@require_POST
def draft_resolve(request, draft_id: int):
    _get(draft_id)
    try:
        services.draft_resolve(
            draft_id=draft_id,
            user=request.user,
            outcome=request.POST.get("outcome", ""),
            campaign_id=request.POST.get("campaign_id", ""),
        )
    except (ValidationError, PermissionError) as exc:
        messages.error(request, _error_text(exc))
    return redirect("email-draft", draft_id=draft_id)


@login_required
@feature_required("email")
def settings_page(request):
    saved = selectors.sendy_settings_public(request.tenant)
    initial = {**saved, "sendy_api_key": "", "list_ids": ", ".join(saved.get("list_ids") or [])}
    form = forms.SendySettingsForm(request.POST or None, initial=initial)
    test_result = None
    if request.method == "POST" and "test" in request.POST:
        test_result = connection.sendy_connection_test(account=request.tenant)
        form = forms.SendySettingsForm(initial=initial)
    elif request.method == "POST" and form.is_valid():
        try:
            connection.sendy_settings_save(account=request.tenant, values=form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Sendy connection saved."))
            return redirect("email-settings")
    return render(
        request,
        "emailing/settings.html",
        {
            "form": form,
            "has_key": bool(saved.get("sendy_api_key")),
            "test_result": test_result,
            "subscribers": selectors.subscriber_list(limit=100),
        },
    )
