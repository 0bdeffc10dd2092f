"""The assistant SSE stream relays live deltas from the tenant-prefixed Redis channel, then the
stored answer; a publish on another tenant's channel never reaches it."""

from assistant.chat import publish
from assistant.models import AssistantMessage, AssistantSession
from assistant.stream import event_stream


def _event(chunk: str) -> str:
    return next(line.split(": ", 1)[1] for line in chunk.splitlines() if line.startswith("event: "))


def test_stream_relays_deltas_then_the_stored_answer(tenant_a, in_tenant):
    with in_tenant(tenant_a):
        session = AssistantSession.objects.create()
        question = AssistantMessage.objects.create(session=session, role="user", content="How much?")
    public_id = str(session.public_id)
    stream = event_stream(
        schema="alpha", session_pk=session.pk, public_id=public_id, cursor=0, max_seconds=20
    )
    assert next(stream).startswith("retry:")
    assert _event(next(stream)) == "message"  # the stored question
    publish("beta", public_id, {"type": "delta", "text": "from another tenant"})
    publish("alpha", public_id, {"type": "delta", "text": "Revenue "})
    delta = next(stream)
    assert _event(delta) == "delta" and "Revenue " in delta and "another tenant" not in delta
    with in_tenant(tenant_a):
        answer = AssistantMessage.objects.create(session=session, role="assistant", content="Revenue €10.00")
    publish("alpha", public_id, {"type": "done", "id": answer.pk})
    rest = list(stream)
    assert [_event(chunk) for chunk in rest] == ["message", "end"]
    assert "Revenue €10.00" in rest[0] and f"id: {answer.pk}" in rest[0]
    assert question.pk < answer.pk
