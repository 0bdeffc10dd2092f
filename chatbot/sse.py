"""The SSE generator behind the widget's stream endpoint.

Order matters: subscribe to the Redis channel FIRST, then replay stored messages after the
cursor, so nothing published in between is lost (duplicates are dropped by message id). The
stream ends once no reply is pending (bot mode), or after `max_seconds`; the widget reconnects
with its cursor. Heartbeat comments keep proxies from closing an idle stream.
"""

import json
import time
from collections.abc import Iterator

from django_tenants.utils import schema_context

from chatbot.streams import channel_name, redis_client, redis_enabled, sse

HEARTBEAT_SECONDS = 10.0
DB_POLL_SECONDS = 2.0


def _snapshot(session_pk: int, cursor: int) -> tuple[list[dict], str, bool]:
    from chatbot.models import ChatSession
    from chatbot.selectors import messages_after, reply_pending

    session = ChatSession.objects.filter(pk=session_pk).first()
    if session is None:  # erased meanwhile (GDPR delete)
        return [], "gone", False
    # "Pending" is read BEFORE the messages: a reply committed in between then shows up in the
    # messages (and the caller looks again), instead of "not pending" hiding an unsent reply.
    pending = reply_pending(session=session)
    messages = [m.as_dict() for m in messages_after(session=session, cursor=cursor)]
    return messages, session.handoff_status, pending


def event_stream(
    *, schema: str, session_pk: int, session_id: str, cursor: int, max_seconds: float
) -> Iterator[str]:
    pubsub = None
    if redis_enabled():
        pubsub = redis_client().pubsub(ignore_subscribe_messages=True)
        pubsub.subscribe(channel_name(schema, session_id))
    try:
        yield "retry: 1500\n\n"
        deadline = time.monotonic() + max_seconds
        last_beat = last_poll = time.monotonic()
        typing_sent = False
        while True:
            # The generator runs after the view returned: pin the schema for every read.
            with schema_context(schema):
                messages, handoff, pending = _snapshot(session_pk, cursor)
            for message in messages:
                cursor = message["id"]
                yield sse("message", message, message["id"])
            if handoff == "gone" or (handoff == "bot" and not pending):
                yield sse("end", {"handoff_status": handoff})
                return
            if messages and pending:
                continue  # the state may have moved while we read: look again before waiting
            if pending and not typing_sent:
                typing_sent = True
                yield sse("typing", {})
            last_poll = time.monotonic()
            # Wait for live events until something is stored (then loop to replay it from the DB).
            stored = False
            while not stored:
                now = time.monotonic()
                if now >= deadline:
                    return
                if now - last_beat >= HEARTBEAT_SECONDS:
                    last_beat = now
                    yield ": ping\n\n"
                if now - last_poll >= DB_POLL_SECONDS:
                    break  # safety net for a lost publish, and the only source without Redis
                if pubsub is None:
                    time.sleep(0.25)
                    continue
                raw = pubsub.get_message(timeout=0.5)
                if not raw:
                    continue
                event = json.loads(raw["data"])
                if event.get("type") == "delta":
                    yield sse("delta", {"text": event.get("text", "")})
                elif event.get("type") == "typing":
                    yield sse("typing", {})
                elif event.get("type") == "message" and event["message"]["id"] > cursor:
                    stored = True
    finally:
        # The DB connection is released by Django's request_finished when the response closes.
        if pubsub is not None:
            pubsub.close()
