"""A disabled feature's tools are absent from what any model is given, and cannot run."""

import pytest
from langchain.tools import ToolRuntime, tool

from llm.context import AgentContext
from llm.registry import _REGISTRY, agent_tool, tools_for
from llm.testing import ScriptedChatModel, tool_call
from tests.llm.conftest import ask

pytestmark = pytest.mark.django_db

RUNS: list[str] = []


class ProbeOffline:
    def match(self, text, lang, turn):
        return {"_score": 0.99} if "size advice" in text.lower() else None

    def render(self, result, lang):
        return f"PROBE {result['secret']}"


@pytest.fixture
def size_probe():
    @agent_tool(agent="chatbot", feature="size_advisor", offline=ProbeOffline())
    @tool
    def size_probe(*, runtime: ToolRuntime[AgentContext]) -> dict:
        """Recommend a size (test probe)."""
        RUNS.append(runtime.context.schema_name)
        return {"secret": "probe-ran"}

    RUNS.clear()
    yield size_probe
    _REGISTRY.pop("size_probe", None)


def _disable(account):
    from features.services import feature_set

    feature_set(account=account, agent="chatbot", feature="size_advisor", enabled=False)


def test_enabled_feature_tool_is_given_to_the_model(tenant_a, size_probe):
    model = ScriptedChatModel(responses=["Hi."])
    ask(tenant_a, "Hello", model=model)
    assert "size_probe" in model.calls[0].tool_names


def test_disabled_feature_tool_is_absent_from_the_model(tenant_a, size_probe):
    _disable(tenant_a)
    model = ScriptedChatModel(responses=["Hi."])
    ask(tenant_a, "Hello", model=model)
    assert "size_probe" not in model.calls[0].tool_names
    assert "size_probe" not in [entry.name for entry in tools_for(tenant_a, "chatbot")]
    assert "product_search" in model.calls[0].tool_names


def test_offline_engine_uses_an_enabled_tool(tenant_a, size_probe):
    reply = ask(tenant_a, "I need size advice")
    assert reply.text == "PROBE probe-ran" and RUNS == ["alpha"]


def test_offline_engine_never_calls_a_disabled_tool(tenant_a, size_probe):
    _disable(tenant_a)
    reply = ask(tenant_a, "I need size advice")
    assert "size_probe" not in [call["name"] for call in reply.tool_calls]
    assert "PROBE" not in reply.text and RUNS == []


def test_model_asking_for_a_disabled_tool_cannot_run_it(tenant_a, size_probe):
    _disable(tenant_a)
    model = ScriptedChatModel(responses=[tool_call("size_probe", {}), "Sorry."])
    reply = ask(tenant_a, "size?", model=model)
    assert RUNS == [] and "probe-ran" not in str(reply.tool_calls)
    assert "not a valid tool" in str(reply.tool_calls[0]["result"])


def test_disabled_chatbot_core_removes_every_chatbot_tool(tenant_a):
    from features.services import feature_set

    feature_set(account=tenant_a, agent="chatbot", feature="core", enabled=False)
    assert tools_for(tenant_a, "chatbot") == []


def test_a_failing_tool_is_answered_politely_and_the_turn_survives(tenant_a):
    from django.db import connection

    class BoomOffline:
        def match(self, text, lang, turn):
            return {"_score": 0.99} if "boom" in text.lower() else None

        def render(self, result, lang):
            return "unreachable"

    @agent_tool(agent="chatbot", feature="core", offline=BoomOffline())
    @tool
    def boom_probe(*, runtime: ToolRuntime[AgentContext]) -> dict:
        """Fails (test probe)."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table")
        return {}

    try:
        reply = ask(tenant_a, "boom please")
        assert reply.text.startswith("I can't check that right now")
        assert "failed (ProgrammingError)" in reply.tool_calls[0]["result"]
        # The caller's transaction is still usable after the tool's failed query.
        assert ask(tenant_a, "Hvala!").text.startswith("Ni za kaj")
    finally:
        _REGISTRY.pop("boom_probe", None)
