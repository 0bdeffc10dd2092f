"""The approval workflow of assistant actions: suggested → approved → executed | rejected,
with failed (visible, retryable) for executions that raised.

Only an owner (a logged-in dashboard user of this tenant) approves, edits or rejects; tools can
only propose; nothing in this module or any route runs an action that is not approved.
"""

import hashlib
import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from assistant.executors import get_executor
from assistant.models import AssistantAction, AssistantSession

Status = AssistantAction.Status


class ActionStateError(Exception):
    """The action is not in a state that allows this step (e.g. approving an executed one)."""


def _require_owner(user) -> None:
    # API-key identities and anonymous users have no pk in the tenant's user table.
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "pk", None):
        raise PermissionDenied("Only the shop owner can decide on actions.")


def _idempotency_key(action_type: str, payload: dict) -> str:
    from assistant.analytics import local_today

    canonical = json.dumps([action_type, payload, local_today().isoformat()], sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def action_propose(
    *,
    action_type: str,
    payload: dict,
    summary: str = "",
    proposed_by: str = "assistant",
    session: AssistantSession | None = None,
) -> AssistantAction:
    """Store a suggestion. The same proposal on the same day returns the existing action."""
    executor = get_executor(action_type)
    if not executor.available():
        raise ValidationError({"action_type": f"'{action_type}' is not available for this account."})
    clean = executor.validate(payload if isinstance(payload, dict) else {})
    action, _created = AssistantAction.objects.get_or_create(
        idempotency_key=_idempotency_key(action_type, clean),
        defaults={
            "action_type": action_type,
            "payload": clean,
            "summary": summary[:500],
            "proposed_by": proposed_by,
            "session": session,
        },
    )
    return action


def _locked(action_id: int) -> AssistantAction:
    try:
        return AssistantAction.objects.select_for_update().get(pk=action_id)
    except AssistantAction.DoesNotExist:
        raise ValidationError("No such action.") from None


def _enqueue(action_id: int) -> None:
    from assistant.tasks import action_execute_task

    # After commit: the worker must see the approved status we just wrote.
    transaction.on_commit(lambda: action_execute_task.delay(action_id))


@transaction.atomic
def action_update_payload(*, action_id: int, payload: dict, user) -> AssistantAction:
    _require_owner(user)
    action = _locked(action_id)
    if action.status != Status.SUGGESTED:
        raise ActionStateError("Only suggested actions can be edited.")
    action.payload = get_executor(action.action_type).validate(payload if isinstance(payload, dict) else {})
    action.save(update_fields=["payload", "updated_at"])
    return action


@transaction.atomic
def action_approve(*, action_id: int, user) -> AssistantAction:
    _require_owner(user)
    # The row lock makes a double click (two requests) approve, and enqueue, exactly once.
    action = _locked(action_id)
    if action.status != Status.SUGGESTED:
        raise ActionStateError(f"The action is {action.status}, not suggested.")
    action.status = Status.APPROVED
    action.approved_by = user
    action.approved_at = timezone.now()
    action.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    _enqueue(action.pk)
    return action


@transaction.atomic
def action_reject(*, action_id: int, user) -> AssistantAction:
    _require_owner(user)
    action = _locked(action_id)
    if action.status not in (Status.SUGGESTED, Status.FAILED):
        raise ActionStateError(f"The action is {action.status}; it can no longer be rejected.")
    action.status = Status.REJECTED
    action.rejected_by = user
    action.rejected_at = timezone.now()
    action.save(update_fields=["status", "rejected_by", "rejected_at", "updated_at"])
    return action


@transaction.atomic
def action_retry(*, action_id: int, user) -> AssistantAction:
    """A failed action goes back to approved (by this owner) and is queued again."""
    _require_owner(user)
    action = _locked(action_id)
    if action.status != Status.FAILED:
        raise ActionStateError("Only failed actions can be retried.")
    action.status = Status.APPROVED
    action.approved_by = user
    action.approved_at = timezone.now()
    action.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    _enqueue(action.pk)
    return action


@transaction.atomic
def action_mark_failed(*, action_id: int, error: str) -> AssistantAction:
    """An approved action that cannot run now becomes failed (visible, retryable)."""
    action = _locked(action_id)
    if action.status == Status.APPROVED:
        action.status = Status.FAILED
        action.error = error
        action.save(update_fields=["status", "error", "updated_at"])
    return action


def action_execute(*, action_id: int) -> AssistantAction:
    """Run an approved action once. Re-delivered tasks and concurrent workers find the status
    no longer `approved` under the row lock and return without running anything."""
    with transaction.atomic():
        action = _locked(action_id)
        if action.status != Status.APPROVED:
            return action
        action.attempts += 1
        executor = get_executor(action.action_type)
        try:
            # A savepoint: a failing executor's partial writes roll back, our status write stays.
            with transaction.atomic():
                result = executor.run(executor.validate(action.payload))
        except Exception as exc:  # noqa: BLE001 - any failure is shown to the owner and retryable
            action.status = Status.FAILED
            action.error = "; ".join(getattr(exc, "messages", None) or [str(exc) or type(exc).__name__])
        else:
            action.status = Status.EXECUTED
            action.executed_at = timezone.now()
            action.result = result
            action.error = ""
        action.save(update_fields=["status", "attempts", "executed_at", "result", "error", "updated_at"])
        return action


def action_bulk(*, action_ids: list[int], operation: str, user) -> dict:
    """Approve or reject many; each action is decided on its own (one stale one does not block)."""
    step = {"approve": action_approve, "reject": action_reject}.get(operation)
    if step is None:
        raise ValidationError({"operation": "Use approve or reject."})
    done, skipped = [], []
    for action_id in action_ids:
        try:
            step(action_id=action_id, user=user)
            done.append(action_id)
        except (ActionStateError, ValidationError):
            skipped.append(action_id)
    return {"done": done, "skipped": skipped}
