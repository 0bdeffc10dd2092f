"""The SSE stream behind the widget: the shared relay (llm.streams) over a chat session.

The stream ends once no reply is pending in bot mode (or the session was erased), or after
`max_seconds`; the widget reconnects with its cursor. While a person handles the conversation
the stream stays open for the owner's replies.
"""

from collections.abc import Iterator

from chatbot.streams import channel_name
from llm.streams import relay


def _snapshot(session_pk: int):
    from chatbot.models import ChatSession
    from chatbot.selectors import messages_after, reply_pending

    def read(cursor: int) -> tuple[list[dict], dict | None, bool]:
        session = ChatSession.objects.filter(pk=session_pk).first()
        if session is None:  # erased meanwhile (GDPR delete)
            return [], {"handoff_status": "gone"}, False
        # "Pending" is read BEFORE the messages: a reply committed in between then shows up in
        # the messages (and the relay looks again), instead of "not pending" hiding an unsent reply.
        pending = reply_pending(session=session)
        messages = [m.as_dict() for m in messages_after(session=session, cursor=cursor)]
        end = {"handoff_status": "bot"} if session.handoff_status == "bot" and not pending else None
        return messages, end, pending

    return read


def event_stream(
    *, schema: str, session_pk: int, session_id: str, cursor: int, max_seconds: float
) -> Iterator[str]:
    return relay(
        schema=schema,
        channel=channel_name(schema, session_id),
        snapshot=_snapshot(session_pk),
        cursor=cursor,
        max_seconds=max_seconds,
        typing=True,
    )
