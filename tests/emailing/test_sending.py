"""Approval and exactly-once sending through the (fake) Sendy server."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from emailing import services, tasks
from emailing.models import DraftStatus, EmailDraft
from tests.emailing.conftest import configure_sendy, make_product


@pytest.fixture
def draft_a(tenant_a, catalog_a, in_tenant):
    with in_tenant(tenant_a):
        return services.draft_create(account=tenant_a, campaign_type="sale", language="sl")


@pytest.fixture
def approved_a(draft_a, tenant_a, in_tenant, owner_user_a):
    with in_tenant(tenant_a):
        return services.draft_approve(draft_id=draft_a.pk, user=owner_user_a)


@pytest.fixture
def send_request(django_capture_on_commit_callbacks):
    """campaign_send_request with its on-commit task run (tests run inside a transaction)."""

    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return services.campaign_send_request(**kwargs)

    return run


def _reload(tenant, in_tenant, pk):
    with in_tenant(tenant):
        return EmailDraft.objects.get(pk=pk)


def test_task_never_sends_an_unapproved_draft(tenant_a, draft_a, sendy_a, in_tenant):
    with in_tenant(tenant_a):
        result = tasks.campaign_send.apply(args=[draft_a.pk]).result
    assert result["result"] == "not_approved"
    assert sendy_a.campaigns == []
    assert _reload(tenant_a, in_tenant, draft_a.pk).status == DraftStatus.DRAFT


def test_send_request_of_unapproved_draft_is_refused(tenant_a, draft_a, sendy_a, in_tenant, send_request):
    with in_tenant(tenant_a), pytest.raises(ValidationError, match="not approved"):
        send_request(draft_id=draft_a.pk, actor="x")
    assert sendy_a.campaigns == []


def test_api_key_identity_cannot_approve(tenant_a, draft_a, in_tenant):
    from accounts.api_auth import ApiKeyUser

    with in_tenant(tenant_a), pytest.raises(PermissionError):
        services.draft_approve(draft_id=draft_a.pk, user=ApiKeyUser(api_key=type("K", (), {"prefix": "p"})()))


def test_approval_records_who_and_when(approved_a, owner_user_a):
    assert approved_a.status == DraftStatus.APPROVED
    assert approved_a.approved_by_id == owner_user_a.pk
    assert approved_a.approved_at is not None


def test_send_creates_one_campaign_with_sanitised_body_and_unsubscribe(
    tenant_a, approved_a, sendy_a, in_tenant, send_request
):
    with in_tenant(tenant_a):
        send_request(draft_id=approved_a.pk, actor="owner")
    draft = _reload(tenant_a, in_tenant, approved_a.pk)
    assert draft.status == DraftStatus.SENT and draft.sent_at is not None
    assert len(sendy_a.campaigns) == 1
    sent = sendy_a.campaigns[0]
    assert sent["send_campaign"] == "1" and sent["list_ids"] == "list-abc"
    assert "<unsubscribe>" in sent["html_text"] and "[unsubscribe]" in sent["plain_text"]
    assert draft.sendy_campaign_id == f"gy-{draft.idempotency_key}"
    assert sent["title"].endswith(f"[gy-{draft.idempotency_key}]")


def test_sendy_draft_mode_stores_sendy_campaign_id(tenant_a, approved_a, sendy_a, in_tenant, send_request):
    with in_tenant(tenant_a):
        send_request(draft_id=approved_a.pk, actor="owner", send_mode="sendy_draft")
    draft = _reload(tenant_a, in_tenant, approved_a.pk)
    assert draft.sendy_campaign_id == sendy_a.campaigns[0]["id"]
    assert sendy_a.campaigns[0]["send_campaign"] == "0"


def test_scheduled_send_passes_schedule(tenant_a, approved_a, sendy_a, in_tenant, send_request):
    when = timezone.now() + timedelta(days=2)
    with in_tenant(tenant_a):
        send_request(draft_id=approved_a.pk, actor="o", send_mode="schedule", schedule_at=when)
    assert sendy_a.campaigns[0]["schedule_timezone"] == "Europe/Ljubljana"
    assert _reload(tenant_a, in_tenant, approved_a.pk).sendy_answer == "Campaign scheduled"


def test_schedule_in_the_past_is_refused(tenant_a, approved_a, in_tenant, send_request):
    with in_tenant(tenant_a), pytest.raises(ValidationError):
        send_request(
            draft_id=approved_a.pk,
            actor="o",
            send_mode="schedule",
            schedule_at=timezone.now() - timedelta(hours=1),
        )


def test_retried_task_and_double_click_create_one_campaign(
    tenant_a, approved_a, sendy_a, in_tenant, send_request
):
    with in_tenant(tenant_a):
        send_request(draft_id=approved_a.pk, actor="owner")
        send_request(draft_id=approved_a.pk, actor="owner")  # double click
        again = tasks.campaign_send.apply(args=[approved_a.pk]).result  # redelivered task
    assert again["result"] == "already_sent"
    assert len(sendy_a.campaigns) == 1


def test_sendy_error_leaves_draft_approved_with_the_message(
    tenant_a, approved_a, sendy_a, in_tenant, send_request
):
    sendy_a.state.fail_next["/api/campaigns/create.php"] = "One or more list IDs are invalid"
    with in_tenant(tenant_a):
        send_request(draft_id=approved_a.pk, actor="owner")
    draft = _reload(tenant_a, in_tenant, approved_a.pk)
    assert draft.status == DraftStatus.APPROVED
    assert draft.last_error == "One or more list IDs are invalid"
    assert sendy_a.campaigns == []
    with in_tenant(tenant_a):  # retry once fixed
        send_request(draft_id=approved_a.pk, actor="owner")
    assert _reload(tenant_a, in_tenant, approved_a.pk).status == DraftStatus.SENT
    assert len(sendy_a.campaigns) == 1


def test_incomplete_connection_is_an_error_not_a_send(
    tenant_a, approved_a, fake_sendy, in_tenant, send_request
):
    configure_sendy(tenant_a, fake_sendy, list_ids=[])
    with in_tenant(tenant_a):
        send_request(draft_id=approved_a.pk, actor="owner")
    draft = _reload(tenant_a, in_tenant, approved_a.pk)
    assert draft.status == DraftStatus.APPROVED and "incomplete" in draft.last_error
    assert fake_sendy.campaigns == []


def test_unreachable_sendy_is_retried_then_left_approved(
    tenant_a, approved_a, fake_sendy, in_tenant, send_request
):
    configure_sendy(tenant_a, fake_sendy, sendy_url="http://127.0.0.1:9")
    with in_tenant(tenant_a):
        send_request(draft_id=approved_a.pk, actor="owner")
    draft = _reload(tenant_a, in_tenant, approved_a.pk)
    assert draft.status == DraftStatus.APPROVED
    assert draft.send_attempts == 1  # eager runs do not auto-retry; a worker retries 3 times
    assert "not reachable" in draft.last_error


def test_server_error_outcome_unknown_is_never_resent_automatically(
    tenant_a, approved_a, sendy_a, in_tenant, owner_user_a, send_request
):
    sendy_a.state.status_next["/api/campaigns/create.php"] = 503
    with in_tenant(tenant_a):
        send_request(draft_id=approved_a.pk, actor="owner")
        assert tasks.campaign_send.apply(args=[approved_a.pk]).result["result"] == "in_progress"
    draft = _reload(tenant_a, in_tenant, approved_a.pk)
    assert draft.status == DraftStatus.SENDING and draft.outcome_unknown
    assert "may or may not" in draft.last_error
    assert len([r for r in sendy_a.state.requests if r[0] == "/api/campaigns/create.php"]) == 1
    with in_tenant(tenant_a):  # the owner checked Sendy: nothing there, release and send again
        services.draft_resolve(draft_id=draft.pk, user=owner_user_a, outcome="release")
        send_request(draft_id=draft.pk, actor="owner")
    assert _reload(tenant_a, in_tenant, draft.pk).status == DraftStatus.SENT
    assert len(sendy_a.campaigns) == 1


def test_owner_can_mark_unknown_outcome_as_sent(
    tenant_a, approved_a, sendy_a, in_tenant, owner_user_a, send_request
):
    sendy_a.state.status_next["/api/campaigns/create.php"] = 502
    with in_tenant(tenant_a):
        send_request(draft_id=approved_a.pk, actor="owner")
        draft = services.draft_resolve(
            draft_id=approved_a.pk, user=owner_user_a, outcome="sent", campaign_id="77"
        )
    assert (draft.status, draft.sendy_campaign_id) == (DraftStatus.SENT, "77")


def test_fresh_claim_cannot_be_resolved(tenant_a, approved_a, in_tenant, owner_user_a):
    with in_tenant(tenant_a):
        EmailDraft.objects.filter(pk=approved_a.pk).update(status="sending", claimed_at=timezone.now())
        with pytest.raises(ValidationError):
            services.draft_resolve(draft_id=approved_a.pk, user=owner_user_a, outcome="release")


def test_stale_claim_after_worker_crash_is_not_resent(tenant_a, approved_a, sendy_a, in_tenant, owner_user_a):
    with in_tenant(tenant_a):
        EmailDraft.objects.filter(pk=approved_a.pk).update(
            status="sending", claim_token="dead", claimed_at=timezone.now() - timedelta(hours=1)
        )
        assert tasks.campaign_send.apply(args=[approved_a.pk]).result["result"] == "in_progress"
        draft = services.draft_resolve(draft_id=approved_a.pk, user=owner_user_a, outcome="release")
    assert draft.status == DraftStatus.APPROVED
    assert sendy_a.campaigns == []


def test_disabled_email_feature_blocks_the_task(tenant_a, approved_a, sendy_a, in_tenant):
    from features.gates import FeatureDisabled
    from features.services import feature_set

    feature_set(account=tenant_a, agent="email", feature="core", enabled=False)
    with in_tenant(tenant_a), pytest.raises(FeatureDisabled):
        tasks.campaign_send.apply(args=[approved_a.pk])
    assert sendy_a.campaigns == []


def test_concurrent_approve_and_send_create_exactly_one_campaign(tenants_committed, fake_sendy):
    from django.contrib.auth import get_user_model
    from django_tenants.utils import tenant_context

    from accounts.services import owner_create

    tenant_a, _ = tenants_committed
    configure_sendy(tenant_a, fake_sendy)
    fake_sendy.state.campaign_delay = 0.3  # a slow Sendy widens every race window
    owner_create(account=tenant_a, email="owner@alpha.test", password="correct-horse-9")
    with tenant_context(tenant_a):
        make_product("Jakna", "50.00", regular="80.00")
        draft = services.draft_create(account=tenant_a, campaign_type="sale", language="sl")
        user = get_user_model().objects.get(username="owner@alpha.test")
    barrier = threading.Barrier(6)
    errors = []

    def click(action):
        try:
            with tenant_context(tenant_a):
                barrier.wait()
                if action == "approve_send":
                    services.draft_approve(draft_id=draft.pk, user=user)
                    services.campaign_send_request(draft_id=draft.pk, actor="owner")
                else:  # a worker picking up a (re)delivered task at the same moment
                    tasks.campaign_send.apply(args=[draft.pk])
        except ValidationError:
            pass  # "not approved yet" for a send that ran before the approval committed
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=("approve_send" if i % 2 else "task",)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    with tenant_context(tenant_a):
        final = EmailDraft.objects.get(pk=draft.pk)
    assert errors == []
    assert len(fake_sendy.campaigns) == 1
    assert final.status == DraftStatus.SENT


def test_task_sent_in_tenant_b_cannot_send_tenant_a_draft(tenant_a, tenant_b, approved_a, sendy_a, in_tenant):
    with in_tenant(tenant_b):
        result = tasks.campaign_send.apply(args=[approved_a.pk]).result
    assert result["result"] == "missing"
    assert sendy_a.campaigns == []
    assert _reload(tenant_a, in_tenant, approved_a.pk).status == DraftStatus.APPROVED
