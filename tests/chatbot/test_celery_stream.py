"""A real Celery worker and Redis: the reply is produced by the worker and its deltas reach the
SSE stream through the tenant-prefixed Redis channel."""

import time

import pytest
from django.conf import settings

from chatbot.models import ChatMessage
from tests.chatbot.conftest import Widget, parse_sse
from tests.workers import real_workers


@pytest.fixture
def real_celery(tenants_committed, tmp_path):
    """Non-eager sending in this process; the test starts the worker (call the fixture's value)."""
    with real_workers(queue=settings.CELERY_TASK_DEFAULT_QUEUE, log_dir=tmp_path, count=0) as pool:
        yield pool.start


def test_real_worker_streams_reply_deltas_through_redis(real_celery, client, settings):
    from accounts.models import Account

    alpha = Account.objects.get(schema_name="alpha")
    settings.CHATBOT_STREAM_SECONDS = 60
    widget = Widget(client, alpha)
    sid = widget.start()["session_id"]
    posted = widget.say(sid, "Hello! What can you do for me?")
    assert posted.status_code == 202
    cursor = posted.json()["message"]["id"]

    response = widget.get(f"sessions/{sid}/stream/?cursor={cursor}")
    chunks = iter(response.streaming_content)
    first = next(chunks).decode()  # the generator has subscribed to the channel by now
    assert first.startswith("retry:")
    real_celery()  # only now does a worker exist to take the queued task
    started = time.monotonic()
    text = "".join(chunk.decode() for chunk in chunks)
    events = parse_sse(text)
    kinds = [e["event"] for e in events]

    assert kinds[-1] == "end"
    assert "delta" in kinds, (kinds, events)
    final = [e for e in events if e["event"] == "message"][-1]["data"]
    assert final["role"] == "assistant"
    streamed = "".join(e["data"]["text"] for e in events if e["event"] == "delta")
    assert streamed.strip() and streamed.strip() in final["content"]
    assert time.monotonic() - started < 60
    from django_tenants.utils import tenant_context

    with tenant_context(alpha):
        stored = ChatMessage.objects.get(session__session_id=sid, role="assistant")
    assert stored.content == final["content"]
    assert stored.tokens > 0


def test_worker_channel_of_a_is_not_heard_on_b(real_celery, client, settings):
    """A subscriber of tenant B with the same session id hears nothing of tenant A's turn."""
    import redis

    from accounts.models import Account
    from chatbot.streams import channel_name

    alpha = Account.objects.get(schema_name="alpha")
    settings.CHATBOT_STREAM_SECONDS = 60
    widget = Widget(client, alpha)
    sid = widget.start()["session_id"]
    listener = redis.Redis.from_url(settings.REDIS_URL).pubsub(ignore_subscribe_messages=True)
    listener.subscribe(channel_name("beta", sid))
    own = redis.Redis.from_url(settings.REDIS_URL).pubsub(ignore_subscribe_messages=True)
    own.subscribe(channel_name("alpha", sid))
    widget.say(sid, "Hello there")
    real_celery()
    heard_own, deadline = [], time.monotonic() + 45
    while time.monotonic() < deadline and not any(
        b'"message"' in m["data"] and b'"assistant"' in m["data"] for m in heard_own
    ):
        message = own.get_message(timeout=1.0)
        if message:
            heard_own.append(message)
    assert heard_own, "tenant A's own channel got the reply"
    assert listener.get_message(timeout=1.0) is None
    listener.close()
    own.close()
