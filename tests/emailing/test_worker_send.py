"""Two real Celery worker processes racing on the same campaign: exactly one Sendy campaign."""

import pytest
from celery import current_app
from django.conf import settings
from django_tenants.utils import tenant_context

from tests.emailing.conftest import configure_sendy, make_product
from tests.workers import real_workers, wait_result


@pytest.fixture
def two_workers(tenants_committed, tmp_path):
    queue = f"{settings.REDIS_KEY_PREFIX}-email-workers"
    with real_workers(queue=queue, log_dir=tmp_path, count=2):
        yield queue


_wait = wait_result


def test_two_workers_and_redelivered_tasks_create_one_campaign(tenants_committed, two_workers, fake_sendy):
    from django.contrib.auth import get_user_model

    from accounts.services import owner_create
    from emailing import services
    from emailing.models import DraftStatus, EmailDraft

    alpha, _beta = tenants_committed
    configure_sendy(alpha, fake_sendy)
    fake_sendy.state.campaign_delay = 0.5
    owner_create(account=alpha, email="owner@alpha.test", password="correct-horse-9")
    with tenant_context(alpha):
        make_product("Jakna", "50.00", regular="80.00")
        draft = services.draft_create(account=alpha, campaign_type="sale", language="sl")
        services.draft_approve(
            draft_id=draft.pk, user=get_user_model().objects.get(username="owner@alpha.test")
        )
        results = [
            current_app.signature("emailing.tasks.campaign_send", args=(draft.pk,)).apply_async(
                queue=two_workers
            )
            for _ in range(6)
        ]
    outcomes = sorted(_wait(r)["result"] for r in results)
    with tenant_context(alpha):
        final = EmailDraft.objects.get(pk=draft.pk)
    assert len(fake_sendy.campaigns) == 1
    assert outcomes.count("sent") == 1
    assert set(outcomes) <= {"sent", "in_progress", "already_sent"}
    assert final.status == DraftStatus.SENT and final.sendy_campaign_id
