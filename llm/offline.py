"""The offline engine: a deterministic LangChain chat model that really answers, with no network.

It plays the model's part in the agent loop:

1. On a new shopper message it detects the language, checks guardrails and small talk, then asks
   the offline hooks of the tools it was *bound* to (`bind_tools`, i.e. only the tools the
   account's features allow) to score the message; the best matches become tool calls.
2. Once the tools' results (ToolMessages) are back it writes the answer with each tool's
   `render(result, lang)`: every figure comes from a tool result, never from the engine.

Token counts are estimated deterministically (about four characters per token) so metering,
quotas and tests behave the same on every machine.
"""

import json
import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, HumanMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool

from llm import guardrails
from llm.language import detect_language

logger = logging.getLogger(__name__)

MIN_SCORE = 0.35  # below this a hook's match is a guess, and "I don't know" is more honest
# A second tool is called too when the message clearly asks two things. Calls go one per model
# call (the second after the first result): one task per graph step runs in the caller's thread,
# where Django's DB connection and tenant schema are (see llm.runtime).
SECOND_TOOL_SCORE = 0.75
MAX_TOOL_CALLS = 2


def count_tokens(text: str) -> int:
    """Deterministic token estimate: ~4 characters per token, at least one per word."""
    if not text:
        return 0
    return max(len(text.split()), (len(text) + 3) // 4)


def message_text(message: BaseMessage) -> str:
    content = message.content
    if isinstance(content, str):
        return content
    parts = []
    for block in content or []:
        if isinstance(block, str):
            parts.append(block)
        elif isinstance(block, dict) and block.get("type") == "text":
            parts.append(block.get("text", ""))
    return "".join(parts)


@dataclass
class OfflineTurn:
    """What an offline hook sees: the AgentContext and the conversation so far."""

    context: Any
    history: list[BaseMessage] = field(default_factory=list)
    language: str = "sl"
    # Shared by the hooks of one decision, so e.g. two product hooks run one retrieval query.
    cache: dict = field(default_factory=dict)

    def cached(self, key, compute):
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]


def _tool_name(tool: Any) -> str:
    if isinstance(tool, BaseTool):
        return tool.name
    if isinstance(tool, dict) and "name" in tool:
        return tool["name"]
    return convert_to_openai_tool(tool)["function"]["name"]


def _last_human_index(messages: Sequence[BaseMessage]) -> int:
    for index in range(len(messages) - 1, -1, -1):
        if isinstance(messages[index], HumanMessage):
            return index
    return -1


class OfflineChatModel(BaseChatModel):
    """Rule- and retrieval-based chat model with tool calling (see module docstring)."""

    context: Any = None  # AgentContext of the turn; hooks read the tenant from it
    shop_name: str = ""
    default_language: str = "sl"
    tool_names: list[str] = []
    chunk_words: int = 3  # words per streamed delta
    fallback_reason: str = ""  # set when this engine stands in for a provider that failed

    @property
    def _llm_type(self) -> str:
        return "growiyo-offline"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model": "offline", "tools": list(self.tool_names)}

    def bind_tools(self, tools: Sequence[Any], *, tool_choice: Any = None, **kwargs: Any):
        # Keep only the names: the offline hooks are looked up in the registry by name, so a
        # tool that was not bound (a disabled feature) can never be chosen.
        return self.model_copy(update={"tool_names": [_tool_name(tool) for tool in tools]})

    # --- deciding -------------------------------------------------------------------------

    def _language_for(self, messages: Sequence[BaseMessage], index: int) -> str:
        default = self.default_language
        if self.context is not None and getattr(self.context, "language", None):
            default = self.context.language
        # The previous user message's language is the best default for "OK" or a bare code.
        for earlier in reversed(messages[:index]):
            if isinstance(earlier, HumanMessage):
                default = detect_language(message_text(earlier), default)
                break
        return detect_language(message_text(messages[index]), default) if index >= 0 else default

    def _hooks(self, name: str):
        from llm.registry import get_registered

        entry = get_registered(name)
        return entry.offline if entry is not None else None

    def decide(self, messages: Sequence[BaseMessage]) -> AIMessage:
        index = _last_human_index(messages)
        if index < 0:
            return AIMessage(content=guardrails.phrase("greeting", self.default_language, shop=self._shop()))
        lang = self._language_for(messages, index)
        text = message_text(messages[index])
        turn_messages = list(messages[index + 1 :])
        tool_results = [m for m in turn_messages if isinstance(m, ToolMessage)]
        if tool_results:
            pending = self._pending_plan(turn_messages)
            if pending:
                return AIMessage(
                    content="", tool_calls=[pending[0]], additional_kwargs={"offline_plan": pending[1:]}
                )
            return AIMessage(content=self._answer_from_tools(turn_messages, tool_results, lang))
        agent = getattr(self.context, "agent", "chatbot") if self.context is not None else "chatbot"
        attack = guardrails.classify_attack(text, agent)
        if attack:
            return AIMessage(content=guardrails.phrase(attack, lang))
        kind = guardrails.small_talk(text)
        if kind:
            return AIMessage(content=guardrails.phrase(kind, lang, shop=self._shop()))
        calls = self._choose_tools(text, lang, list(messages))
        if calls:
            return AIMessage(content="", tool_calls=calls[:1], additional_kwargs={"offline_plan": calls[1:]})
        unknown = "dont_know_owner" if agent in guardrails.OWNER_AGENTS else "dont_know"
        return AIMessage(content=guardrails.phrase(unknown, lang))

    def _pending_plan(self, turn_messages: list[BaseMessage]) -> list[dict]:
        """Tool calls planned on this turn's first decision and not made yet."""
        plans = [m for m in turn_messages if isinstance(m, AIMessage) and m.tool_calls]
        if not plans:
            return []
        return list(plans[-1].additional_kwargs.get("offline_plan") or [])

    def _shop(self) -> str:
        return self.shop_name or ("trgovine" if self.default_language == "sl" else "the shop")

    def _choose_tools(self, text: str, lang: str, history: list[BaseMessage]) -> list[dict]:
        # Hooks query the shop (retrieval): in the context's schema, on the caller's connection,
        # even if a graph runner ever calls the model from a worker thread.
        from llm.tooling import tenant_scope

        if getattr(self.context, "schema_name", None):
            with tenant_scope(SimpleNamespace(context=self.context)):
                return self._score_tools(text, lang, history)
        return self._score_tools(text, lang, history)

    def _score_tools(self, text: str, lang: str, history: list[BaseMessage]) -> list[dict]:
        turn = OfflineTurn(context=self.context, history=history, language=lang)
        scored = []
        for order, name in enumerate(self.tool_names):
            hooks = self._hooks(name)
            if hooks is None:
                continue
            try:
                match = hooks.match(text, lang, turn)
            except Exception:  # noqa: BLE001 - one broken add-on hook must not silence the others
                logger.exception("offline hook %s.match failed", name)
                continue
            if not match:
                continue
            args = dict(match)
            score = float(args.pop("_score", 0.5))
            if score >= MIN_SCORE:
                scored.append((score, -order, name, args))
        scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
        chosen = scored[:1] + [item for item in scored[1:MAX_TOOL_CALLS] if item[0] >= SECOND_TOOL_SCORE]
        return [
            {"name": name, "args": args, "id": f"call_offline_{position}_{name}", "type": "tool_call"}
            for position, (_score, _order, name, args) in enumerate(chosen)
        ]

    def _answer_from_tools(self, turn_messages, tool_results: list[ToolMessage], lang: str) -> str:
        names = {}
        for message in turn_messages:
            if isinstance(message, AIMessage):
                for call in message.tool_calls:
                    names[call["id"]] = call["name"]
        parts = []
        for result in tool_results:
            name = result.name or names.get(result.tool_call_id, "")
            hooks = self._hooks(name)
            if getattr(result, "status", "success") == "error" or hooks is None:
                parts.append(guardrails.phrase("tool_failed", lang))
                continue
            try:
                payload = json.loads(message_text(result))
            except (TypeError, ValueError):
                payload = message_text(result)
            try:
                rendered = hooks.render(payload, lang)
            except Exception:  # noqa: BLE001 - answer what we can; log the broken renderer
                logger.exception("offline hook %s.render failed", name)
                rendered = guardrails.phrase("tool_failed", lang)
            parts.append(rendered or guardrails.phrase("dont_know", lang))
        unique = list(dict.fromkeys(part for part in parts if part))
        return "\n\n".join(unique) or guardrails.phrase("dont_know", lang)

    # --- LangChain plumbing ---------------------------------------------------------------

    def _usage(self, messages: Sequence[BaseMessage], reply: AIMessage) -> dict:
        prompt = "\n".join(message_text(m) for m in messages) + " ".join(self.tool_names)
        output = message_text(reply) + "".join(json.dumps(c["args"]) + c["name"] for c in reply.tool_calls)
        input_tokens, output_tokens = count_tokens(prompt), count_tokens(output)
        return {
            "input_tokens": input_tokens,
            "output_tokens": output_tokens,
            "total_tokens": input_tokens + output_tokens,
        }

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        reply = self.decide(messages)
        reply.usage_metadata = self._usage(messages, reply)
        reply.response_metadata = {"model_name": "offline", "finish_reason": "stop"}
        return ChatResult(generations=[ChatGeneration(message=reply)])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        reply = self.decide(messages)
        usage = self._usage(messages, reply)
        if reply.tool_calls:
            chunk = AIMessageChunk(
                content="",
                additional_kwargs=dict(reply.additional_kwargs),
                tool_call_chunks=[
                    {"name": c["name"], "args": json.dumps(c["args"]), "id": c["id"], "index": i}
                    for i, c in enumerate(reply.tool_calls)
                ],
            )
            yield ChatGenerationChunk(message=chunk)
        else:
            # langchain-core reports each yielded chunk to the callbacks (on_llm_new_token).
            for piece in _pieces(message_text(reply), self.chunk_words):
                yield ChatGenerationChunk(message=AIMessageChunk(content=piece))
        yield ChatGenerationChunk(
            message=AIMessageChunk(
                content="",
                usage_metadata=usage,
                response_metadata={"model_name": "offline", "finish_reason": "stop"},
                chunk_position="last",
            )
        )


_PIECE = re.compile(r"\S+\s*|\s+")


def _pieces(text: str, words: int) -> Iterator[str]:
    tokens = _PIECE.findall(text)
    for start in range(0, len(tokens), max(1, words)):
        yield "".join(tokens[start : start + words])
