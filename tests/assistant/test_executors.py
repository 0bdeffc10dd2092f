"""Each executor, approved by the owner, runs through the owning app's real service."""

import pytest

from assistant.actions import action_approve, action_propose
from tests.assistant.helpers import product


@pytest.fixture
def owner(tenant_a, in_tenant):
    from django.contrib.auth import get_user_model

    from accounts.services import owner_create

    owner_create(account=tenant_a, email="owner@alpha.test", password="correct-horse-9")
    with in_tenant(tenant_a):
        yield get_user_model().objects.get(username="owner@alpha.test")


def _run(action, owner, capture):
    with capture(execute=True):
        action_approve(action_id=action.pk, user=owner)
    action.refresh_from_db()
    return action


def test_faq_publish_creates_a_published_faq(owner, django_capture_on_commit_callbacks):
    from chatbot.models import FAQ

    action = action_propose(
        action_type="faq_publish", payload={"question": "Do you ship abroad?", "answer": "Yes, in the EU."}
    )
    action = _run(action, owner, django_capture_on_commit_callbacks)
    faq = FAQ.objects.get(pk=action.result["faq_id"])
    assert (action.status, faq.status, faq.question) == ("executed", "published", "Do you ship abroad?")


def test_campaign_draft_creates_an_email_draft_only(owner, django_capture_on_commit_callbacks):
    from emailing.models import EmailDraft

    product("Linen Shirt", price="24.90")
    action = action_propose(
        action_type="campaign_draft", payload={"campaign_type": "newsletter", "language": "en"}
    )
    action = _run(action, owner, django_capture_on_commit_callbacks)
    draft = EmailDraft.objects.get(pk=action.result["draft_id"])
    assert (action.status, draft.status, draft.source) == ("executed", "draft", "assistant")


def test_booking_create_and_cancel_go_through_booking_services(owner, django_capture_on_commit_callbacks):
    from booking.models import Booking
    from tests.booking.conftest import make_setup

    setup = make_setup()
    start = setup.at(12).isoformat()
    created = _run(
        action_propose(
            action_type="booking_create",
            payload={"service_id": setup.service.pk, "start": start, "customer_name": "Ana"},
        ),
        owner,
        django_capture_on_commit_callbacks,
    )
    booking = Booking.objects.get(pk=created.result["booking_id"])
    assert (created.status, booking.source) == ("executed", "assistant")
    cancelled = _run(
        action_propose(action_type="booking_cancel", payload={"booking_id": booking.pk}),
        owner,
        django_capture_on_commit_callbacks,
    )
    booking.refresh_from_db()
    assert (cancelled.status, booking.status) == ("executed", "cancelled")


def test_booking_start_without_offset_is_refused(owner):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        action_propose(
            action_type="booking_create",
            payload={"service_id": 1, "start": "2026-12-01T10:00", "customer_name": "Ana"},
        )


def test_action_types_of_a_disabled_agent_cannot_be_proposed(tenant_a, owner):
    from django.core.exceptions import ValidationError

    from features.services import feature_set

    feature_set(account=tenant_a, agent="booking", feature="core", enabled=False)
    with pytest.raises(ValidationError):
        action_propose(action_type="booking_cancel", payload={"booking_id": 1})
