"""Two workers executing the same approved action at once: it runs exactly once (row lock)."""

import threading

from django.core import mail
from django.db import connection
from django_tenants.utils import tenant_context

from assistant.actions import action_execute, action_propose
from assistant.models import AssistantAction
from tests.assistant.helpers import product


def test_concurrent_execution_runs_the_action_once(tenants_committed):
    alpha, _beta = tenants_committed
    with tenant_context(alpha):
        shirt = product("Shirt")
        action = action_propose(action_type="restock_reminder", payload={"product_id": shirt.pk})
        AssistantAction.objects.filter(pk=action.pk).update(status="approved")
    barrier = threading.Barrier(4)
    outcomes = []

    def worker():
        try:
            with tenant_context(alpha):
                barrier.wait()
                outcomes.append(action_execute(action_id=action.pk).status)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with tenant_context(alpha):
        stored = AssistantAction.objects.get(pk=action.pk)
    assert outcomes == ["executed"] * 4
    assert (stored.status, stored.attempts) == ("executed", 1)
    assert len(mail.outbox) == 1
