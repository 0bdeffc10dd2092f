"""A real Celery worker process against Redis and the test database.

The worker is `celery -A config worker` in a subprocess on its own queue, pointed at this
session's test database (committed rows only: tenants_committed / transactional_db). Tasks are
sent from inside each tenant's schema and must see only that tenant's rows.
"""

from celery import current_app
from django_tenants.utils import tenant_context

from features.services import feature_set
from tests.workers import wait_ready as _wait


def _send(account, task_name: str, queue: str):
    # Sending inside the tenant's schema is what stamps the schema into the task headers.
    with tenant_context(account):
        return current_app.signature(task_name).apply_async(queue=queue)


def _products(account, names: list[str]) -> None:
    from shop.models import Product

    with tenant_context(account):
        for index, name in enumerate(names):
            Product.objects.create(external_id=f"{account.schema_name}-{index}", name=name)


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
