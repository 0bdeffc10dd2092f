"""Tenant-prefixed Redis pub/sub for live chat events, and the SSE formatting.

Channel: <REDIS_KEY_PREFIX>:<schema>:chat:<session_id>. The schema is part of the name, so a
subscriber on tenant B's host can never receive tenant A's deltas even for an equal session id.
Without REDIS_URL nothing is published and the stream replays stored messages only.
"""

from llm import streams
from llm.streams import redis_client, redis_enabled, sse

__all__ = ["channel_name", "publish", "redis_client", "redis_enabled", "sse"]


def channel_name(schema: str, session_id: str) -> str:
    return streams.channel_name(schema, "chat", session_id)


def publish(schema: str, session_id: str, event: dict) -> None:
    streams.publish(channel_name(schema, session_id), event)
