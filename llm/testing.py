"""Test kit for agents: a scripted chat model and a local OpenAI-compatible HTTP stub server.

    model = ScriptedChatModel(responses=[
        tool_call("product_search", {"query": "majica"}),
        "Imamo jih.",
    ])
    reply = agent_reply(account=..., context=..., history=[...], model=model)
    model.calls[0].tool_names  # what the model was given

    with OpenAIStub([stub_tool_call("faq_lookup", {"question": "x"}), stub_text("Hi!")]) as stub:
        # LLM_MODEL="openai:stub-model", LLM_BASE_URL=stub.base_url
        ...
        stub.requests  # the JSON bodies the real langchain-openai client sent

Fakes stand only at the outside boundary (the provider); everything else runs for real.
"""

import json
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from llm.offline import _pieces, _tool_name, count_tokens, message_text


def tool_call(name: str, args: dict, call_id: str | None = None) -> AIMessage:
    """A scripted model turn that calls one tool."""
    return AIMessage(
        content="",
        tool_calls=[{"name": name, "args": args, "id": call_id or f"call_{name}", "type": "tool_call"}],
    )


@dataclass
class ScriptedCall:
    messages: list[BaseMessage]
    tool_names: list[str]


class ScriptedChatModel(BaseChatModel):
    """Answers with the next scripted item: an AIMessage, a str, an Exception (raised) or a callable
    (messages -> AIMessage | str). Streams text in word chunks and reports usage."""

    responses: list[Any] = []
    tool_names: list[str] = []
    calls: list[ScriptedCall] = []
    position: int = 0
    model_label: str = "scripted"
    origin: Any = None  # the unbound model that owns the script and the call record

    @property
    def _llm_type(self) -> str:
        return "scripted-test-model"

    def bind_tools(self, tools: Sequence[Any], *, tool_choice: Any = None, **kwargs: Any):
        # Share the script and the record with the bound copy (the agent binds per call).
        return self.model_copy(
            update={"tool_names": [_tool_name(t) for t in tools], "origin": self._origin_model()}
        )

    def _origin_model(self) -> "ScriptedChatModel":
        return self.origin or self

    def _next(self, messages: list[BaseMessage]) -> AIMessage:
        origin = self._origin_model()
        origin.calls.append(ScriptedCall(messages=list(messages), tool_names=list(self.tool_names)))
        if origin.position >= len(origin.responses):
            raise AssertionError("ScriptedChatModel ran out of scripted responses")
        item = origin.responses[origin.position]
        origin.position += 1
        if isinstance(item, BaseException):
            raise item
        if callable(item) and not isinstance(item, AIMessage):
            item = item(messages)
        message = AIMessage(content=item) if isinstance(item, str) else item.model_copy()
        prompt = "\n".join(message_text(m) for m in messages)
        output = message_text(message) + "".join(json.dumps(c["args"]) for c in message.tool_calls)
        message.usage_metadata = {
            "input_tokens": count_tokens(prompt),
            "output_tokens": count_tokens(output),
            "total_tokens": count_tokens(prompt) + count_tokens(output),
        }
        message.response_metadata = {"model_name": origin.model_label}
        return message

    def _generate(self, messages, stop=None, run_manager: CallbackManagerForLLMRun | None = None, **kwargs):
        return ChatResult(generations=[ChatGeneration(message=self._next(messages))])

    def _stream(self, messages, stop=None, run_manager=None, **kwargs) -> Iterator[ChatGenerationChunk]:
        message = self._next(messages)
        if message.tool_calls:
            yield ChatGenerationChunk(
                message=AIMessageChunk(
                    content=message_text(message),
                    tool_call_chunks=[
                        {"name": c["name"], "args": json.dumps(c["args"]), "id": c["id"], "index": i}
                        for i, c in enumerate(message.tool_calls)
                    ],
                )
            )
        else:
            for piece in _pieces(message_text(message), 2):
                yield ChatGenerationChunk(message=AIMessageChunk(content=piece))
        yield ChatGenerationChunk(
            message=AIMessageChunk(
                content="", usage_metadata=message.usage_metadata, response_metadata=message.response_metadata
            )
        )


# --- OpenAI-compatible stub server ------------------------------------------------------------


def stub_text(content: str) -> dict:
    return {"content": content}


def stub_tool_call(name: str, arguments: dict, call_id: str | None = None) -> dict:
    return {
        "tool_calls": [{"id": call_id or f"call_{name}", "name": name, "arguments": json.dumps(arguments)}]
    }


def stub_error(status: int = 500, message: str = "upstream exploded") -> dict:
    return {"status": status, "error": message}


def stub_sleep(seconds: float) -> dict:
    return {"sleep": seconds}


@dataclass
class OpenAIStub:
    """A local /v1/chat/completions server in a thread. Each request takes the next script item
    (dict or callable(request_json) -> dict); when the script is used up, the last item repeats."""

    script: list[dict | Callable[[dict], dict]] = field(default_factory=list)
    model: str = "stub-model"
    requests: list[dict] = field(default_factory=list)
    headers: list[dict] = field(default_factory=list)  # lower-cased header names
    usages: list[dict] = field(default_factory=list)  # the usage reported for each completion

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._position = 0
        self._server: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> "OpenAIStub":
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:
                try:
                    self._handle()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test); nothing to answer

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    self._json(404, {"error": {"message": "not found"}})
                    return
                item = stub._take(body, {k.lower(): v for k, v in self.headers.items()})
                if item.get("sleep"):
                    time.sleep(item["sleep"])
                    item = {k: v for k, v in item.items() if k != "sleep"} or {"content": "late"}
                if item.get("status"):
                    self._json(
                        item["status"], {"error": {"message": item.get("error", "error"), "type": "server"}}
                    )
                    return
                if body.get("stream"):
                    self._stream(body, item)
                else:
                    self._json(200, stub._completion(body, item))

            def _json(self, status: int, payload: dict) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, body: dict, item: dict) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.end_headers()
                for chunk in stub._chunks(body, item):
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    def _take(self, body: dict, headers: dict) -> dict:
        with self._lock:
            self.requests.append(body)
            self.headers.append(headers)
            if not self.script:
                return {"content": "OK"}
            item = self.script[min(self._position, len(self.script) - 1)]
            self._position += 1
        return item(body) if callable(item) else dict(item)

    def _usage(self, body: dict, item: dict) -> dict:
        prompt = json.dumps(body.get("messages", []))
        output = item.get("content", "") + "".join(c["arguments"] for c in item.get("tool_calls", []))
        prompt_tokens, completion_tokens = count_tokens(prompt), count_tokens(output)
        usage = {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        }
        with self._lock:
            self.usages.append(usage)
        return usage

    def _calls(self, item: dict) -> list[dict]:
        return [
            {"id": c["id"], "type": "function", "function": {"name": c["name"], "arguments": c["arguments"]}}
            for c in item.get("tool_calls", [])
        ]

    def _completion(self, body: dict, item: dict) -> dict:
        message: dict = {"role": "assistant", "content": item.get("content")}
        if item.get("tool_calls"):
            message["tool_calls"] = self._calls(item)
        return {
            "id": "chatcmpl-stub",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": self.model,
            "choices": [
                {
                    "index": 0,
                    "message": message,
                    "finish_reason": "tool_calls" if item.get("tool_calls") else "stop",
                }
            ],
            "usage": self._usage(body, item),
        }

    def _chunks(self, body: dict, item: dict) -> Iterator[dict]:
        def chunk(delta: dict, finish: str | None = None) -> dict:
            return {
                "id": "chatcmpl-stub",
                "object": "chat.completion.chunk",
                "created": int(time.time()),
                "model": self.model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            }

        yield chunk({"role": "assistant", "content": ""})
        if item.get("tool_calls"):
            for index, call in enumerate(self._calls(item)):
                yield chunk({"tool_calls": [{"index": index, **call}]})
            yield chunk({}, "tool_calls")
        else:
            for piece in _pieces(item.get("content", ""), 2):
                yield chunk({"content": piece})
            yield chunk({}, "stop")
        if (body.get("stream_options") or {}).get("include_usage"):
            yield {
                "id": "chatcmpl-stub",
                "object": "chat.completion.chunk",
                "created": int(time.time()),
                "model": self.model,
                "choices": [],
                "usage": self._usage(body, item),
            }
