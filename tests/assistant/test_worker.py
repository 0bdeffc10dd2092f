"""With a real Celery worker (Redis, committed rows): an approved action runs on the worker once
even when its task is delivered twice, and a chat answer streams its deltas on the tenant's
channel and is stored for the SSE stream."""

import json
import time

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django_tenants.utils import tenant_context

from tests.assistant.helpers import product
from tests.conftest import host
from tests.workers import TIMEOUT, real_workers, wait_until


@pytest.fixture
def worker(tenants_committed, tmp_path):
    """A worker on this run's default queue (unique per TEST_DATABASE_NAME), eager off."""
    # The console backend writes each email into the worker's log, where the test counts them.
    console = {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    with real_workers(
        queue=settings.CELERY_TASK_DEFAULT_QUEUE, log_dir=tmp_path, count=0, extra_env=console
    ) as pool:
        yield pool.start("assistant")


def test_approved_action_runs_once_on_the_worker(tenants_committed, worker):
    from django.contrib.auth import get_user_model

    from accounts.services import owner_create
    from assistant.actions import action_approve, action_propose
    from assistant.models import AssistantAction
    from assistant.tasks import action_execute_task

    alpha, _beta = tenants_committed
    owner_create(account=alpha, email="owner@alpha.test", password="correct-horse-9")
    with tenant_context(alpha):
        owner = get_user_model().objects.get(username="owner@alpha.test")
        action = action_propose(action_type="restock_reminder", payload={"product_id": product("Shirt").pk})
        action_approve(action_id=action.pk, user=owner)  # commits: the worker gets the task
        action_execute_task.delay(action.pk)  # a second delivery
        wait_until(lambda: AssistantAction.objects.get(pk=action.pk).status != "approved", "run the action")
        time.sleep(1)  # let the duplicate delivery run too
        stored = AssistantAction.objects.get(pk=action.pk)
    assert (stored.status, stored.error, stored.attempts) == ("executed", "", 1)
    assert worker.read_text().count("Subject: Restock reminder: Shirt") == 1
    assert mail.outbox == []


def test_chat_answer_streams_deltas_on_the_tenant_channel(tenants_committed, worker):
    from accounts.services import owner_create
    from assistant.chat import channel_name
    from assistant.models import AssistantMessage, AssistantSession
    from chatbot.streams import redis_client

    alpha, _beta = tenants_committed
    owner_create(account=alpha, email="owner@alpha.test", password="correct-horse-9")
    client = Client()
    client.defaults["HTTP_HOST"] = host(alpha)
    assert (
        client.post("/login/", {"username": "owner@alpha.test", "password": "correct-horse-9"}).status_code
        == 302
    )
    public_id = client.post("/assistant/sessions/new/")["Location"].split("s=")[1]
    pubsub = redis_client().pubsub(ignore_subscribe_messages=True)
    pubsub.subscribe(channel_name("alpha", public_id))
    posted = client.post(
        f"/assistant/sessions/{public_id}/messages/", {"content": "How much did we sell yesterday?"}
    )
    assert posted.status_code == 202
    deltas, done = [], False
    deadline = time.monotonic() + TIMEOUT
    while not done and time.monotonic() < deadline:
        raw = pubsub.get_message(timeout=1)
        if raw:
            event = json.loads(raw["data"])
            deltas.append(event.get("text", "")) if event["type"] == "delta" else None
            done = event["type"] == "done"
    pubsub.close()
    with tenant_context(alpha):
        session = AssistantSession.objects.get(public_id=public_id)
        answer = AssistantMessage.objects.filter(session=session, role="assistant").get()
    assert done and deltas and "".join(deltas).strip() == answer.content
    body = b"".join(client.get(posted.json()["stream_url"]).streaming_content).decode()
    assert answer.content.split("\n")[0] in body and "event: end" in body
