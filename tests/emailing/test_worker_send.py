"""Two real Celery worker processes racing on the same campaign: exactly one Sendy campaign."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import current_app
from django.conf import settings
from django.db import connection
from django_tenants.utils import tenant_context

from tests.emailing.conftest import configure_sendy, make_product

ROOT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).parent / "celery"
TIMEOUT = 60


@pytest.fixture
def two_workers(tenants_committed, tmp_path):
    assert settings.REDIS_URL, "the real-worker test needs REDIS_URL"
    queue = f"{settings.REDIS_KEY_PREFIX}-email-workers"
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "TESTING": "1",
        "TEST_DATABASE_NAME": settings.TEST_DATABASE_NAME,
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "CELERY_QUEUE": queue,
    }
    processes = []
    for n in range(2):
        log = (tmp_path / f"worker{n}.log").open("w")
        processes.append(
            subprocess.Popen(
                [
                    str(CELERY),
                    "-A",
                    "config",
                    "worker",
                    "-Q",
                    queue,
                    "-n",
                    f"{queue}-{n}@%h",
                    "--pool",
                    "solo",
                    "--without-mingle",
                    "--without-gossip",
                    "--without-heartbeat",
                    "-l",
                    "info",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        )
    eager = current_app.conf.task_always_eager
    current_app.conf.task_always_eager = False
    try:
        yield queue
    finally:
        current_app.conf.task_always_eager = eager
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        connection.set_schema_to_public()


def _wait(result):
    deadline = time.monotonic() + TIMEOUT
    while not result.ready():
        if time.monotonic() > deadline:
            pytest.fail(f"worker did not finish task {result.id} in {TIMEOUT}s")
        time.sleep(0.1)
    return result.get(timeout=1)


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
