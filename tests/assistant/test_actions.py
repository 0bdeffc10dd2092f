import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from assistant.actions import (
    ActionStateError,
    action_approve,
    action_bulk,
    action_execute,
    action_propose,
    action_reject,
    action_retry,
    action_update_payload,
)
from assistant.models import AssistantAction
from assistant.tasks import action_execute_task
from shop.models import Product
from tests.assistant.helpers import product


@pytest.fixture
def owner(tenant_a, in_tenant):
    from accounts.services import owner_create

    owner_create(account=tenant_a, email="owner@alpha.test", password="correct-horse-9")
    with in_tenant(tenant_a):
        from django.contrib.auth import get_user_model

        yield get_user_model().objects.get(username="owner@alpha.test")


@pytest.fixture
def shirt(owner):
    return product("Shirt", description="")


def _approve(action, owner, capture):
    with capture(execute=True):
        action_approve(action_id=action.pk, user=owner)
    action.refresh_from_db()
    return action


def test_suggested_action_does_not_execute(shirt):
    action = action_propose(
        action_type="description_change", payload={"product_id": shirt.pk, "description": "Soft cotton."}
    )
    assert action_execute(action_id=action.pk).status == "suggested"
    assert Product.objects.get(pk=shirt.pk).description == ""


def test_approved_action_executes_and_records_who_and_when(shirt, owner, django_capture_on_commit_callbacks):
    action = action_propose(
        action_type="description_change", payload={"product_id": shirt.pk, "description": "Soft cotton."}
    )
    action = _approve(action, owner, django_capture_on_commit_callbacks)
    assert action.status == "executed"
    assert (action.approved_by, action.executed_at is not None) == (owner, True)
    assert action.result == {"product_id": shirt.pk, "description_length": 12}
    assert Product.objects.get(pk=shirt.pk).description == "Soft cotton."


def test_double_approval_executes_once(shirt, owner, django_capture_on_commit_callbacks):
    action = action_propose(action_type="restock_reminder", payload={"product_id": shirt.pk, "quantity": 20})
    _approve(action, owner, django_capture_on_commit_callbacks)
    with pytest.raises(ActionStateError):
        _approve(action, owner, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["owner@alpha.test"]


def test_task_redelivery_executes_once(shirt, owner, django_capture_on_commit_callbacks):
    action = action_propose(action_type="restock_reminder", payload={"product_id": shirt.pk})
    _approve(action, owner, django_capture_on_commit_callbacks)
    action_execute_task.delay(action.pk)
    action_execute_task.apply(args=[action.pk])
    assert len(mail.outbox) == 1
    assert AssistantAction.objects.get(pk=action.pk).attempts == 1


def test_rejected_action_never_runs(shirt, owner):
    action = action_propose(action_type="restock_reminder", payload={"product_id": shirt.pk})
    action_reject(action_id=action.pk, user=owner)
    assert action_execute(action_id=action.pk).status == "rejected"
    action_execute_task.delay(action.pk)
    with pytest.raises(ActionStateError):
        action_approve(action_id=action.pk, user=owner)
    assert mail.outbox == []
    action.refresh_from_db()
    assert (action.rejected_by, action.executed_at) == (owner, None)


def test_failed_action_is_visible_and_retryable(shirt, owner, tenant_a, django_capture_on_commit_callbacks):
    from django.db import connection

    action = action_propose(action_type="lead_followup", payload={"contact": "ana@x.si", "note": "Call her"})
    connection.tenant.owner_email = ""
    action = _approve(action, owner, django_capture_on_commit_callbacks)
    assert (action.status, "owner email" in action.error) == ("failed", True)
    connection.tenant.owner_email = "owner@alpha.test"
    with django_capture_on_commit_callbacks(execute=True):
        action_retry(action_id=action.pk, user=owner)
    action.refresh_from_db()
    assert (action.status, action.error, action.attempts) == ("executed", "", 2)
    assert len(mail.outbox) == 1


def test_only_a_logged_in_owner_can_approve(shirt):
    from accounts.api_auth import ApiKeyUser

    action = action_propose(action_type="restock_reminder", payload={"product_id": shirt.pk})
    for user in (None, ApiKeyUser(api_key=type("K", (), {"prefix": "x"})())):
        with pytest.raises(PermissionDenied):
            action_approve(action_id=action.pk, user=user)
    assert AssistantAction.objects.get(pk=action.pk).status == "suggested"


def test_owner_edits_payload_before_approval(shirt, owner):
    action = action_propose(
        action_type="description_change", payload={"product_id": shirt.pk, "description": "Draft"}
    )
    edited = action_update_payload(
        action_id=action.pk, payload={"product_id": shirt.pk, "description": "Final"}, user=owner
    )
    assert edited.payload["description"] == "Final"
    with pytest.raises(ValidationError):
        action_update_payload(
            action_id=action.pk, payload={"product_id": shirt.pk, "description": ""}, user=owner
        )


def test_same_proposal_twice_is_one_action(shirt):
    first = action_propose(action_type="restock_reminder", payload={"product_id": shirt.pk})
    second = action_propose(action_type="restock_reminder", payload={"product_id": shirt.pk})
    assert first.pk == second.pk


def test_unknown_action_type_and_bad_payload_are_refused(shirt):
    with pytest.raises(ValidationError):
        action_propose(action_type="drop_database", payload={})
    with pytest.raises(ValidationError):
        action_propose(action_type="restock_reminder", payload={"product_id": "abc"})
    assert AssistantAction.objects.count() == 0


def test_bulk_reject_skips_decided_actions(shirt, owner):
    first = action_propose(action_type="restock_reminder", payload={"product_id": shirt.pk})
    second = action_propose(action_type="restock_reminder", payload={"product_id": shirt.pk, "quantity": 3})
    action_reject(action_id=first.pk, user=owner)
    result = action_bulk(action_ids=[first.pk, second.pk], operation="reject", user=owner)
    assert result == {"done": [second.pk], "skipped": [first.pk]}


def test_approved_action_does_not_run_once_the_assistant_is_off(shirt, owner, tenant_a):
    from features.services import feature_set

    action = action_propose(action_type="restock_reminder", payload={"product_id": shirt.pk})
    AssistantAction.objects.filter(pk=action.pk).update(status="approved")
    feature_set(account=tenant_a, agent="assistant", feature="core", enabled=False)
    assert action_execute_task.delay(action.pk).get() == "failed"
    assert mail.outbox == []
    assert "switched off" in AssistantAction.objects.get(pk=action.pk).error
