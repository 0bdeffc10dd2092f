"""Tenant-prefixed Redis pub/sub for live chat events, and the SSE formatting.

Channel: <REDIS_KEY_PREFIX>:<schema>:chat:<session_id>. The schema is part of the name, so a
subscriber on tenant B's host can never receive tenant A's deltas even for an equal session id.
Without REDIS_URL nothing is published and the stream replays stored messages only.
"""

import json
import logging
from functools import lru_cache

from django.conf import settings

log = logging.getLogger(__name__)


def channel_name(schema: str, session_id: str) -> str:
    return f"{settings.REDIS_KEY_PREFIX}:{schema}:chat:{session_id}"


@lru_cache(maxsize=1)
def redis_client():
    import redis

    return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=30, socket_connect_timeout=3)


def redis_enabled() -> bool:
    return bool(settings.REDIS_URL)


def publish(schema: str, session_id: str, event: dict) -> None:
    """Best effort: a lost delta is repaired by the stored message the stream replays."""
    if not redis_enabled():
        return
    try:
        redis_client().publish(channel_name(schema, session_id), json.dumps(event))
    except Exception:  # noqa: BLE001 - Redis hiccups must not fail the turn
        log.warning("chat publish failed for %s/%s", schema, session_id, exc_info=True)


def sse(event: str, data: dict, event_id: int | None = None) -> str:
    lines = []
    if event_id is not None:
        lines.append(f"id: {event_id}")
    lines.append(f"event: {event}")
    lines.append("data: " + json.dumps(data, ensure_ascii=False))
    return "\n".join(lines) + "\n\n"
