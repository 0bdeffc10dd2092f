"""The tool registry: every LLM tool is declared with the (agent, feature) it belongs to.

    from langchain.tools import tool, ToolRuntime
    from llm.context import AgentContext
    from llm.registry import agent_tool

    @agent_tool(agent="chatbot", feature="core", offline=ProductSearchOffline())  # requires=(("booking", "core"),)
    @tool
    def product_search(query: str, runtime: ToolRuntime[AgentContext]) -> dict:
        ...

`tools_for(account, agent)` returns only the tools whose feature is enabled for the account, so
a disabled add-on's tools are absent from what any model can call. Tool modules are the
`tools.py` of each installed app, imported once by `load_tool_modules()`.

`offline` is optional: an object with `match(text, lang, turn) -> dict | None` (the arguments
to call the tool with, plus a `_score` float in 0..1, or None when the message is not for this
tool; `turn` has `.context`, the AgentContext, and `.history`, the conversation's LangChain
messages) and `render(result, lang) -> str` (a grounded answer from the tool's result). The
offline engine uses it to choose tools and write answers without a network model.
"""

from dataclasses import dataclass
from typing import Any, Protocol

from django.utils.module_loading import autodiscover_modules


class OfflineHooks(Protocol):
    def match(self, text: str, lang: str, turn: Any) -> dict | None: ...

    def render(self, result: Any, lang: str) -> str: ...


@dataclass(frozen=True)
class RegisteredTool:
    agent: str
    feature: str
    tool: Any  # langchain BaseTool
    offline: OfflineHooks | None = None
    # Further (agent, feature) pairs that must be on, e.g. a chatbot tool that books needs booking.core.
    requires: tuple[tuple[str, str], ...] = ()

    @property
    def name(self) -> str:
        return self.tool.name


_REGISTRY: dict[str, RegisteredTool] = {}
_loaded = False


def agent_tool(
    *, agent: str, feature: str = "core", offline: OfflineHooks | None = None, requires: tuple = ()
):
    def decorator(tool):
        # Tool bodies run in the AgentContext's schema on the caller's DB connection (llm.tooling).
        if getattr(tool, "func", None) is not None:
            from llm.tooling import run_in_tenant

            tool.func = run_in_tenant(tool.func)
        _REGISTRY[tool.name] = RegisteredTool(
            agent=agent, feature=feature, tool=tool, offline=offline, requires=tuple(requires)
        )
        return tool

    return decorator


def load_tool_modules() -> None:
    global _loaded
    if not _loaded:
        autodiscover_modules("tools")
        _loaded = True


def registered_tools(agent: str | None = None) -> list[RegisteredTool]:
    load_tool_modules()
    return [entry for entry in _REGISTRY.values() if agent is None or entry.agent == agent]


def tools_for(account, agent: str) -> list[RegisteredTool]:
    """The tools this account's enabled features allow for one agent."""
    from features.selectors import enabled_features

    enabled = enabled_features(account)
    return [
        entry
        for entry in registered_tools(agent)
        if (entry.agent, entry.feature) in enabled and all(pair in enabled for pair in entry.requires)
    ]


def get_registered(name: str) -> RegisteredTool | None:
    load_tool_modules()
    return _REGISTRY.get(name)
