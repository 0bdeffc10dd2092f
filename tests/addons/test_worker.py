"""The back-in-stock scan through a real Celery worker and the platform's per-tenant fan-out."""

import time

import pytest
from celery import current_app
from django.db import connection
from django_tenants.utils import tenant_context

from tests.addons.conftest import CATALOG_A, CATALOG_B, seed
from tests.workers import TIMEOUT
from tests.workers import wait_ready as _wait


def _subscribe(account, external_id: str, email: str):
    from addons.stock_alerts import stock_subscribe
    from shop.models import Product

    with tenant_context(account):
        pid = Product.objects.get(external_id=external_id).pk
        row = stock_subscribe(product_id=pid, email=email, consent=True)[0]
    connection.set_schema_to_public()
    return row.pk


def _notified(account, pk: int) -> bool:
    from addons.models import StockNotification

    with tenant_context(account):
        done = StockNotification.objects.get(pk=pk).notified_at is not None
    connection.set_schema_to_public()
    return done


def test_worker_fan_out_emails_only_the_restocked_tenants_subscriber(tenants_committed, worker_queue):
    alpha, beta = tenants_committed
    seed(alpha, CATALOG_A)
    seed(beta, CATALOG_B)
    waiting_a = _subscribe(alpha, "TS-BLUE", "alpha@example.com")
    waiting_b = _subscribe(beta, "B-CAP", "beta@example.com")
    seed(alpha, [{"external_id": "TS-BLUE", "stock": 3}])

    fan_out = current_app.signature(
        "accounts.tenant_fan_out", args=("addons.stock_alerts_send", [], {}, ["chatbot", "stock_alerts"])
    ).apply_async(queue=worker_queue)
    assert {"alpha", "beta"} <= set(_wait(fan_out).get(timeout=1))
    deadline = time.monotonic() + TIMEOUT
    while not _notified(alpha, waiting_a):
        if time.monotonic() > deadline:
            pytest.fail("the worker did not send the back-in-stock email")
        time.sleep(0.2)
    assert not _notified(beta, waiting_b)
