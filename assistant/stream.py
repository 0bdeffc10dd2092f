"""The SSE generator behind the assistant chat's stream endpoint.

Subscribe to the Redis channel first, then replay stored messages after the cursor, so nothing
published in between is lost. Live `delta` events are relayed until the answer is stored; the
stream ends when no answer is pending or after `max_seconds` (the page reconnects with its
cursor). Without Redis (tasks inline) the answer is already stored and is simply replayed.
"""

import json
import time
from collections.abc import Iterator

from django.conf import settings
from django_tenants.utils import schema_context

from assistant.chat import channel_name

POLL_SECONDS = 2.0


def sse(event: str, data: dict, event_id: int | None = None) -> str:
    head = f"id: {event_id}\n" if event_id is not None else ""
    return f"{head}event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def _snapshot(session_pk: int, cursor: int) -> tuple[list[dict], bool]:
    from assistant.models import AssistantMessage

    rows = list(AssistantMessage.objects.filter(session_id=session_pk, id__gt=cursor).order_by("id"))
    last = (
        AssistantMessage.objects.filter(session_id=session_pk)
        .order_by("-id")
        .values_list("role", flat=True)
        .first()
    )
    messages = [{"id": m.pk, "role": m.role, "content": m.content} for m in rows]
    return messages, last == AssistantMessage.Role.USER


def event_stream(
    *, schema: str, session_pk: int, public_id: str, cursor: int, max_seconds: float
) -> Iterator[str]:
    pubsub = None
    if settings.REDIS_URL:
        from chatbot.streams import redis_client

        pubsub = redis_client().pubsub(ignore_subscribe_messages=True)
        pubsub.subscribe(channel_name(schema, public_id))
    try:
        yield "retry: 1500\n\n"
        deadline = time.monotonic() + max_seconds
        while True:
            # The generator runs after the view returned: pin the schema for every read.
            with schema_context(schema):
                messages, pending = _snapshot(session_pk, cursor)
            for message in messages:
                cursor = message["id"]
                yield sse("message", message, message["id"])
            if not pending:
                yield sse("end", {})
                return
            waited_from = time.monotonic()
            while time.monotonic() - waited_from < POLL_SECONDS:
                if time.monotonic() >= deadline:
                    return
                if pubsub is None:
                    time.sleep(0.25)
                    continue
                raw = pubsub.get_message(timeout=0.5)
                if not raw:
                    continue
                event = json.loads(raw["data"])
                if event.get("type") == "delta":
                    yield sse("delta", {"text": event.get("text", "")})
                elif event.get("type") == "done":
                    break
    finally:
        if pubsub is not None:
            pubsub.close()
