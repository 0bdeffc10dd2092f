"""A real Celery worker process against Redis and the test database.

The worker is `celery -A config worker` in a subprocess on its own queue, pointed at this
session's test database (committed rows only: tenants_committed / transactional_db). Tasks are
sent from inside each tenant's schema and must see only that tenant's rows.
"""

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

from features.services import feature_set

ROOT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).parent / "celery"
TIMEOUT = 60


@pytest.fixture
def worker_queue(tenants_committed, tmp_path):
    """Start a worker on a queue of our own; the test process sends to it (eager off)."""
    assert settings.REDIS_URL, "the real-worker test needs REDIS_URL (see .ci/run)"
    queue = f"{settings.REDIS_KEY_PREFIX}-worker-test"
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
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(
        [str(CELERY), "-A", "config", "worker", "-Q", queue, "-n", f"{queue}@%h", "--pool", "solo",
         "--without-mingle", "--without-gossip", "--without-heartbeat", "-l", "info"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    app = current_app
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield queue
    finally:
        app.conf.task_always_eager = eager
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        log.close()
        connection.set_schema_to_public()


def _send(account, task_name: str, queue: str):
    # Sending inside the tenant's schema is what stamps the schema into the task headers.
    with tenant_context(account):
        return current_app.signature(task_name).apply_async(queue=queue)


def _products(account, names: list[str]) -> None:
    from shop.models import Product

    with tenant_context(account):
        for index, name in enumerate(names):
            Product.objects.create(external_id=f"{account.schema_name}-{index}", name=name)


def _wait(result):
    deadline = time.monotonic() + TIMEOUT
    while not result.ready():
        if time.monotonic() > deadline:
            pytest.fail(f"worker did not finish task {result.id} in {TIMEOUT}s")
        time.sleep(0.1)
    return result


def test_worker_task_sees_only_its_own_tenants_rows(tenants_committed, worker_queue):
    alpha, beta = tenants_committed
    _products(alpha, ["Alpha majica", "Alpha hlače", "Alpha kapa"])
    _products(beta, ["Beta torba"])

    result_a = _wait(_send(alpha, "accounts.tenant_row_counts", worker_queue)).get(timeout=1)
    result_b = _wait(_send(beta, "accounts.tenant_row_counts", worker_queue)).get(timeout=1)

    assert result_a["schema"] == "alpha" and result_a["products"] == 3
    assert result_a["product_names"] == ["Alpha hlače", "Alpha kapa", "Alpha majica"]
    assert result_b["schema"] == "beta" and result_b["products"] == 1
    assert result_b["product_names"] == ["Beta torba"]


def test_worker_refuses_a_gated_task_where_the_feature_is_off(tenants_committed, worker_queue):
    alpha, beta = tenants_committed
    _products(beta, ["Beta torba"])
    feature_set(account=beta, agent="booking", feature="core", enabled=False)

    allowed = _wait(_send(alpha, "accounts.booking_row_counts", worker_queue))
    refused = _wait(_send(beta, "accounts.booking_row_counts", worker_queue))

    assert allowed.successful() and allowed.get(timeout=1)["schema"] == "alpha"
    assert refused.failed()
    assert "booking.core is disabled" in str(refused.result)
    assert "FeatureDisabled" in (refused.traceback or "")


def test_worker_fan_out_runs_a_task_once_per_tenant(tenants_committed, worker_queue):
    alpha, beta = tenants_committed
    _products(alpha, ["Alpha majica"])
    feature_set(account=beta, agent="booking", feature="core", enabled=False)

    result = current_app.signature(
        "accounts.tenant_fan_out", args=("accounts.tenant_row_counts", [], {}, ["booking", "core"])
    ).apply_async(queue=worker_queue)
    sent = _wait(result).get(timeout=1)
    assert "alpha" in sent and "beta" not in sent and "tenant_template" not in sent
