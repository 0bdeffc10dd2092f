"""One assistant chat turn: the owner's message is stored, the agent answers (streaming deltas to
a tenant-prefixed Redis channel when Redis is configured), the answer is stored with its tokens.

Channel: <REDIS_KEY_PREFIX>:<schema>:assistant:<session public id>. Without Redis the task runs
inline and the stream endpoint replays the stored answer.
"""

from django.db import transaction

from assistant import selectors
from assistant.analytics import current_account
from assistant.models import AssistantMessage, AssistantSession
from assistant.services import message_add
from llm import streams

MAX_MESSAGE_CHARS = 4000
HISTORY_MESSAGES = 20  # = llm.runtime.MAX_HISTORY_MESSAGES


def channel_name(schema: str, session_public_id: str) -> str:
    return streams.channel_name(schema, "assistant", session_public_id)


def publish(schema: str, session_public_id: str, event: dict) -> None:
    """Best effort: a lost delta is repaired by the stored answer the stream replays."""
    streams.publish(channel_name(schema, session_public_id), event)


def message_post(*, session: AssistantSession, content: str) -> AssistantMessage:
    """Store the owner's message and queue the answer (after commit, so the worker sees it)."""
    from django.core.exceptions import ValidationError

    from assistant.tasks import assistant_reply_task

    content = (content or "").strip()
    if not content:
        raise ValidationError({"content": "Write a message."})
    if len(content) > MAX_MESSAGE_CHARS:
        raise ValidationError({"content": f"At most {MAX_MESSAGE_CHARS} characters."})
    with transaction.atomic():
        message = message_add(session=session, role=AssistantMessage.Role.USER, content=content)
        if not session.title:
            session.title = content[:80]
            session.save(update_fields=["title"])
        transaction.on_commit(lambda: assistant_reply_task.delay(session.pk, message.pk))
    return message


def history_for(session: AssistantSession, up_to_id: int) -> list[dict]:
    """The turn's history, oldest first. What the owner asked us to remember leads it as an
    assistant note, so a provider model reads it in every later conversation (the offline engine
    answers from tools and mentions relevant notes through their results). Kept within the
    runtime's history window so the note is never cut off."""
    notes = selectors.memory_notes()
    limit = HISTORY_MESSAGES - (1 if notes else 0)
    messages = list(session.messages.filter(id__lte=up_to_id).order_by("-id")[:limit])
    history = [{"role": m.role, "content": m.content} for m in reversed(messages)]
    if notes:
        note = "Notes the owner asked me to remember / Zapomnil sem si: " + "; ".join(notes)
        history.insert(0, {"role": "assistant", "content": note})
    return history


def reply_pending(session: AssistantSession) -> bool:
    last = session.messages.order_by("-id").first()
    return last is not None and last.role == AssistantMessage.Role.USER


def assistant_reply(*, session_id: int, message_id: int) -> AssistantMessage | None:
    from llm.context import AgentContext
    from llm.runtime import agent_reply

    session = AssistantSession.objects.filter(pk=session_id).first()
    if session is None or not reply_pending(session):
        return None  # answered already (task delivered twice) or the session was deleted
    account = current_account()
    schema, public_id = account.schema_name, str(session.public_id)
    context = AgentContext(
        account_id=account.pk,
        schema_name=schema,
        agent="assistant",
        channel="dashboard",
        session_id=public_id,
        user_id=session.user_id,
        language=account.default_language,
        # What the owner asked us to remember, for the model's instructions (see docs/assistant.md).
        extra={"memory": selectors.memory_notes()},
    )
    reply = agent_reply(
        account=account,
        context=context,
        history=history_for(session, message_id),
        on_delta=lambda text: publish(schema, public_id, {"type": "delta", "text": text}),
    )
    stored = message_add(
        session=session,
        role=AssistantMessage.Role.ASSISTANT,
        content=reply.text,
        input_tokens=reply.input_tokens,
        output_tokens=reply.output_tokens,
        tokens=reply.total_tokens,
        tool_calls=reply.tool_calls,
    )
    publish(schema, public_id, {"type": "done", "id": stored.pk})
    return stored
