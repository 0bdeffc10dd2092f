"""Owner dashboard: the action inbox (approve, edit, reject, retry, in bulk) and the memory page.

Deciding on actions happens only here, with the owner's dashboard session (login + CSRF); the
REST API can list actions but has no route that approves or executes one.
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assistant import actions, selectors, services
from assistant.executors import EXECUTORS
from assistant.models import AssistantAction, AssistantMemory
from features.gates import feature_required

STATUSES = [choice for choice, _label in AssistantAction.Status.choices]


@login_required
@feature_required("assistant")
def action_inbox(request):
    status = request.GET.get("status") or ""
    if status and status not in STATUSES:
        status = ""
    rows = selectors.action_list(status=status or None)
    for action in rows:
        action.payload_json = json.dumps(action.payload, ensure_ascii=False, indent=1)
        action.type_label = (
            EXECUTORS[action.action_type].label if action.action_type in EXECUTORS else action.action_type
        )
    return render(
        request,
        "assistant/actions.html",
        {"actions": rows, "status": status, "statuses": AssistantAction.Status.choices},
    )


def _decide(request, step, action_id: int, done_message: str):
    try:
        step(action_id=action_id, user=request.user)
    except actions.ActionStateError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        if not AssistantAction.objects.filter(pk=action_id).exists():
            raise Http404(_("No such action.")) from None
        messages.error(request, "; ".join(exc.messages))
    except PermissionDenied:
        raise
    else:
        messages.success(request, done_message)
    return redirect("assistant-actions")


@login_required
@feature_required("assistant")
@require_POST
def action_approve(request, action_id: int):
    return _decide(request, actions.action_approve, action_id, _("Action approved; it is being executed."))


@login_required
@feature_required("assistant")
@require_POST
def action_reject(request, action_id: int):
    return _decide(request, actions.action_reject, action_id, _("Action rejected."))


@login_required
@feature_required("assistant")
@require_POST
def action_retry(request, action_id: int):
    return _decide(request, actions.action_retry, action_id, _("Action queued again."))


@login_required
@feature_required("assistant")
@require_POST
def action_edit(request, action_id: int):
    if not AssistantAction.objects.filter(pk=action_id).exists():
        raise Http404(_("No such action."))
    try:
        payload = json.loads(request.POST.get("payload", ""))
    except ValueError:
        messages.error(request, _("The payload must be valid JSON."))
        return redirect("assistant-actions")
    return _decide(
        request,
        lambda action_id, user: actions.action_update_payload(
            action_id=action_id, payload=payload, user=user
        ),
        action_id,
        _("Action updated."),
    )


@login_required
@feature_required("assistant")
@require_POST
def action_bulk(request):
    try:
        ids = [int(value) for value in request.POST.getlist("ids")]
    except ValueError:
        ids = []
    if not ids:
        messages.error(request, _("Select at least one action."))
        return redirect("assistant-actions")
    try:
        result = actions.action_bulk(
            action_ids=ids, operation=request.POST.get("operation", ""), user=request.user
        )
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
        return redirect("assistant-actions")
    messages.success(
        request,
        _("%(done)d done, %(skipped)d skipped.")
        % {"done": len(result["done"]), "skipped": len(result["skipped"])},
    )
    return redirect("assistant-actions")


@login_required
@feature_required("assistant")
def memory_page(request):
    if request.method == "POST":
        try:
            services.memory_remember(
                key=request.POST.get("key") or request.POST.get("text", ""), text=request.POST.get("text", "")
            )
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        else:
            messages.success(request, _("Saved."))
        return redirect("assistant-memory")
    return render(request, "assistant/memory.html", {"items": selectors.memory_list()})


@login_required
@feature_required("assistant")
@require_POST
def memory_delete(request, memory_id: int):
    try:
        services.memory_delete(memory_id=memory_id)
    except AssistantMemory.DoesNotExist:
        raise Http404(_("No such item.")) from None
    messages.success(request, _("Deleted."))
    return redirect("assistant-memory")
