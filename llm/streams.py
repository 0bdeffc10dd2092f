"""Live agent turns over Redis pub/sub, relayed to browsers as Server-Sent Events.

Shared by the shopper chat (chatbot) and the owner assistant. Channels are named by their app,
always as <REDIS_KEY_PREFIX>:<schema>:<kind>:<id>, so a subscriber on tenant B's host can never
hear tenant A's deltas even for an equal id. Without REDIS_URL nothing is published and a stream
replays stored messages only (tasks run inline, so the answer is stored before the stream starts).
"""

import json
import logging
import time
from collections.abc import Callable, Iterator
from functools import lru_cache

from django.conf import settings
from django_tenants.utils import schema_context

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 10.0
DB_POLL_SECONDS = 2.0


def channel_name(schema: str, kind: str, public_id: str) -> str:
    return f"{settings.REDIS_KEY_PREFIX}:{schema}:{kind}:{public_id}"


@lru_cache(maxsize=1)
def redis_client():
    import redis

    return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=30, socket_connect_timeout=3)


def redis_enabled() -> bool:
    return bool(settings.REDIS_URL)


def publish(channel: str, event: dict) -> None:
    """Best effort: a lost delta is repaired by the stored message the stream replays."""
    if not redis_enabled():
        return
    try:
        redis_client().publish(channel, json.dumps(event))
    except Exception:  # noqa: BLE001 - a Redis hiccup must not fail the turn
        log.warning("publish on %s failed", channel, exc_info=True)


def sse(event: str, data: dict, event_id: int | None = None) -> str:
    head = f"id: {event_id}\n" if event_id is not None else ""
    return f"{head}event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


# snapshot(cursor) -> (messages after the cursor as dicts with "id", end payload or None, pending)
Snapshot = Callable[[int], tuple[list[dict], dict | None, bool]]


def relay(
    *, schema: str, channel: str, snapshot: Snapshot, cursor: int, max_seconds: float, typing: bool = False
) -> Iterator[str]:
    """Stored messages after `cursor`, then live deltas until the next message is stored, until
    `snapshot` returns an end payload or `max_seconds` pass (the client reconnects with its cursor).

    Order matters: subscribe FIRST, then read the database, so nothing published in between is lost.
    """
    pubsub = None
    if redis_enabled():
        pubsub = redis_client().pubsub(ignore_subscribe_messages=True)
        pubsub.subscribe(channel)
    try:
        yield "retry: 1500\n\n"
        deadline = time.monotonic() + max_seconds
        last_beat = time.monotonic()
        typing_sent = False
        while True:
            # The generator runs after the view returned: pin the schema for every read.
            with schema_context(schema):
                messages, end, pending = snapshot(cursor)
            for message in messages:
                cursor = message["id"]
                yield sse("message", message, message["id"])
            if end is not None:
                yield sse("end", end)
                return
            if messages and pending:
                continue  # the state may have moved while we read: look again before waiting
            if typing and pending and not typing_sent:
                typing_sent = True
                yield sse("typing", {})
            last_poll = time.monotonic()
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
                kind = event.get("type")
                if kind == "delta":
                    yield sse("delta", {"text": event.get("text", "")})
                elif kind == "typing" and typing:
                    yield sse("typing", {})
                elif kind == "done" or (kind == "message" and event["message"]["id"] > cursor):
                    stored = True
    finally:
        # The DB connection is released by Django's request_finished when the response closes.
        if pubsub is not None:
            pubsub.close()
