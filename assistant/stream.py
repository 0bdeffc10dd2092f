"""The SSE stream behind the assistant chat: the shared relay (llm.streams) over a session.

Live `delta` events are relayed until the answer is stored; the stream ends when no answer is
pending or after `max_seconds` (the page reconnects with its cursor).
"""

from collections.abc import Iterator

from assistant.chat import channel_name
from llm.streams import relay


def _snapshot(session_pk: int):
    from assistant.models import AssistantMessage

    def read(cursor: int) -> tuple[list[dict], dict | None, bool]:
        # The last role is read BEFORE the messages: an answer committed in between then shows up
        # in the messages (and the relay looks again) instead of being skipped.
        last = (
            AssistantMessage.objects.filter(session_id=session_pk)
            .order_by("-id")
            .values_list("role", flat=True)
            .first()
        )
        pending = last == AssistantMessage.Role.USER
        rows = AssistantMessage.objects.filter(session_id=session_pk, id__gt=cursor).order_by("id")
        messages = [{"id": m.pk, "role": m.role, "content": m.content} for m in rows]
        return messages, (None if pending else {}), pending

    return read


def event_stream(
    *, schema: str, session_pk: int, public_id: str, cursor: int, max_seconds: float
) -> Iterator[str]:
    return relay(
        schema=schema,
        channel=channel_name(schema, public_id),
        snapshot=_snapshot(session_pk),
        cursor=cursor,
        max_seconds=max_seconds,
    )
