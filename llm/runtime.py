"""`agent_reply`: one chat turn through the agent loop — the entry point every agent uses.

    reply = agent_reply(account=account, context=AgentContext(...), history=[{"role": "user", ...}],
                        on_delta=lambda text: ...)

It checks the monthly quota (over quota: a translated message, no model call), detects the
message's language, builds the agent (model, feature-gated tools, middleware), streams the answer
through the grounding filter to `on_delta`, and records token usage. Provider failures are
answered by the offline engine (`fell_back`); they never raise.
"""

import dataclasses
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django_tenants.utils import tenant_context
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage

from llm import guardrails
from llm.agent import BuiltAgent, build_agent, turn_failures
from llm.context import AgentContext
from llm.grounding import GroundedStream, numbers_in
from llm.language import detect_language
from llm.metering import quota_exceeded, record_usage
from llm.offline import message_text
from llm.providers import offline_model
from llm.tooling import caller_connection

logger = logging.getLogger(__name__)

MAX_HISTORY_MESSAGES = 20  # older turns add tokens, not answers
MAX_MESSAGE_CHARS = 4000


@dataclass
class AgentReply:
    text: str
    input_tokens: int = 0
    output_tokens: int = 0
    tool_calls: list[dict] = field(default_factory=list)  # {"name", "args", "result"}
    over_quota: bool = False
    fell_back: bool = False
    language: str = "sl"
    model: str = "offline"
    model_calls: int = 0

    @property
    def total_tokens(self) -> int:
        return self.input_tokens + self.output_tokens


def to_messages(history: list[dict]) -> list[BaseMessage]:
    messages: list[BaseMessage] = []
    for item in history[-MAX_HISTORY_MESSAGES:]:
        content = str(item.get("content") or "")[:MAX_MESSAGE_CHARS]
        if item.get("role") == "assistant":
            messages.append(AIMessage(content=content))
        else:
            messages.append(HumanMessage(content=content))
    return messages


def _previous_language(history: list[dict], default: str) -> str:
    for item in reversed(history[:-1]):
        if item.get("role") == "user":
            return detect_language(str(item.get("content") or ""), default)
    return default


def agent_reply(
    *,
    account,
    context: AgentContext,
    history: list[dict],
    on_delta: Callable[[str], None] | None = None,
    model=None,
    tools=None,
) -> AgentReply:
    """Answer the last user message of `history` (oldest first). `model`/`tools`: tests only."""
    default = context.language or getattr(account, "default_language", "sl") or "sl"
    last = str(history[-1].get("content") or "") if history else ""
    lang = detect_language(last, _previous_language(history, default))
    context = dataclasses.replace(context, language=lang)
    with tenant_context(account):
        if quota_exceeded(account):
            text = guardrails.phrase("over_quota", lang)
            if on_delta:
                on_delta(text)
            return AgentReply(text=text, over_quota=True, language=lang, model="none")
        messages = to_messages(history)
        built = build_agent(account, context, model=model, tools=tools)
        failures: list[str] = []
        token = turn_failures.set(failures)
        try:
            reply = _run(built, messages, context, on_delta, lang)
        except Exception as exc:  # noqa: BLE001 - a shopper never sees a stack trace
            if built.is_offline:
                logger.exception("offline agent turn failed for %s", account)
                reply = AgentReply(text=guardrails.phrase("tool_failed", lang), language=lang)
            else:
                logger.warning("provider agent turn failed for %s, answering offline: %r", account, exc)
                offline = build_agent(account, context, model=offline_model(account, context), tools=tools)
                reply = _run(offline, messages, context, on_delta, lang)
                reply.fell_back = True
        finally:
            turn_failures.reset(token)
        reply.fell_back = reply.fell_back or bool(failures) or bool(built.construction_failure)
        record_usage(
            account=account,
            agent=context.agent,
            input_tokens=reply.input_tokens,
            output_tokens=reply.output_tokens,
            calls=reply.model_calls,
            fallbacks=1 if reply.fell_back else 0,
        )
    return reply


class _TurnCallbacks(BaseCallbackHandler):
    """Relays streamed answer text through the grounding filter and collects tool outputs.

    Having `tap_output_iter` makes langchain-core treat it as a streaming handler, so chat models
    stream (`_stream`) even though the graph itself is invoked, not streamed.
    """

    def __init__(self, stream: GroundedStream):
        self.stream = stream
        self.tool_outputs: list[str] = []
        self.streamed_any = False

    def tap_output_iter(self, run_id, output):
        return output

    def tap_output_aiter(self, run_id, output):
        return output

    def on_llm_new_token(self, token, *, chunk=None, **kwargs) -> None:
        message = getattr(chunk, "message", None)
        if getattr(message, "tool_call_chunks", None):
            return  # a tool-call delta, not answer text
        text = token if isinstance(token, str) else message_text(message) if message is not None else ""
        if text:
            self.streamed_any = True
            self.stream.feed(text)

    def on_tool_end(self, output, **kwargs) -> None:
        content = getattr(output, "content", output)
        self.tool_outputs.append(content if isinstance(content, str) else str(content))
        self.stream.allowed = numbers_in(self.tool_outputs)


def _run(built: BuiltAgent, messages, context, on_delta, lang: str) -> AgentReply:
    stream = GroundedStream(on_delta, guardrails.phrase("ungrounded", lang), set())
    callbacks = _TurnCallbacks(stream)
    config = {
        "callbacks": [callbacks],
        "recursion_limit": 25,
    }
    with caller_connection():  # tool threads borrow this connection (see llm.tooling)
        final_state = built.graph.invoke({"messages": messages}, config=config, context=context)
    new_messages = (final_state or {}).get("messages", [])[len(messages) :]
    ai_messages = [m for m in new_messages if isinstance(m, AIMessage)]
    tool_messages = {m.tool_call_id: m for m in new_messages if isinstance(m, ToolMessage)}
    stream.allowed = numbers_in([message_text(m) for m in tool_messages.values()])
    if not callbacks.streamed_any and ai_messages:
        # A model that does not stream still passes the grounding filter.
        stream.feed(message_text(ai_messages[-1]))
    text = stream.finish().strip()
    calls = []
    for message in ai_messages:
        for call in message.tool_calls:
            result = tool_messages.get(call["id"])
            calls.append({"name": call["name"], "args": call["args"], "result": _result_value(result)})
    input_tokens = sum((m.usage_metadata or {}).get("input_tokens", 0) for m in ai_messages)
    output_tokens = sum((m.usage_metadata or {}).get("output_tokens", 0) for m in ai_messages)
    return AgentReply(
        text=text or guardrails.phrase("dont_know", lang),
        input_tokens=input_tokens,
        output_tokens=output_tokens,
        tool_calls=calls,
        language=lang,
        model=_model_label(built, ai_messages),
        model_calls=len(ai_messages),
    )


def _result_value(message: ToolMessage | None):
    if message is None:
        return None
    text = message_text(message)
    try:
        return json.loads(text)
    except ValueError:
        return text


def _model_label(built: BuiltAgent, ai_messages: list[AIMessage]) -> str:
    names = [str((m.response_metadata or {}).get("model_name") or "") for m in ai_messages]
    names = [name for name in names if name]
    return names[-1] if names else ("offline" if built.is_offline else "provider")
