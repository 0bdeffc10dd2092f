"""The real langchain-openai client against the local OpenAI-compatible stub: tool call, streamed
answer, recorded usage; provider failures fall back to the offline engine and are counted."""

import json

import pytest

from llm.models import TokenUsage
from llm.render import money, stock_text
from llm.testing import OpenAIStub, stub_error, stub_sleep, stub_text, stub_tool_call
from tests.llm.conftest import ask
from tests.llm.helpers import product_row

pytestmark = pytest.mark.django_db


def _answer_from_tool_result(body: dict) -> dict:
    """The stub 'model' reads the product_details result it was sent and states it."""
    result = json.loads([m for m in body["messages"] if m["role"] == "tool"][-1]["content"])
    product = result["product"]
    return stub_text(
        f"{product['name']} stane {money(product['price'], 'EUR', 'sl')}. "
        f"Trenutno je {stock_text(product['stock'], 'sl')}."
    )


@pytest.fixture
def openai_settings(settings):
    def use(stub: OpenAIStub) -> None:
        settings.LLM_MODEL = "openai:stub-model"
        settings.LLM_BASE_URL = stub.base_url
        settings.LLM_API_KEY = "sk-platform-test"

    return use


def test_stub_tool_call_streamed_answer_and_recorded_usage(demo_shop, openai_settings):
    row = product_row(demo_shop, external_id="DEMO-0001")
    script = [stub_tool_call("product_details", {"product": "DEMO-0001"}), _answer_from_tool_result]
    deltas: list[str] = []
    with OpenAIStub(script) as stub:
        openai_settings(stub)
        reply = ask(demo_shop, "Koliko stane DEMO-0001?", on_delta=deltas.append)

    expected = f"{row['name']} stane {money(row['price'], 'EUR', 'sl')}. Trenutno je {stock_text(row['stock'], 'sl')}."
    assert reply.text == expected and not reply.fell_back
    assert reply.tool_calls[0]["name"] == "product_details"
    assert reply.tool_calls[0]["result"]["product"]["price"] == str(row["price"])
    assert deltas == [expected.split(". ")[0] + ". ", expected.split(". ")[1]]
    assert all(
        body["stream"] is True and body["stream_options"] == {"include_usage": True} for body in stub.requests
    )
    assert {t["function"]["name"] for t in stub.requests[0]["tools"]} >= {"product_details", "product_search"}
    usage = TokenUsage.objects.get(account=demo_shop, agent="chatbot")
    assert usage.input_tokens == sum(u["prompt_tokens"] for u in stub.usages) == reply.input_tokens
    assert usage.output_tokens == sum(u["completion_tokens"] for u in stub.usages) == reply.output_tokens
    assert usage.calls == 2 and usage.fallbacks == 0
    assert reply.model == "stub-model"


def test_stub_sees_the_system_prompt_but_not_another_tenant(demo_shop, openai_settings):
    with OpenAIStub([stub_text("Pozdravljeni!")]) as stub:
        openai_settings(stub)
        ask(demo_shop, "Zdravo")
    system = stub.requests[0]["messages"][0]
    assert system["role"] == "system" and demo_shop.name in system["content"]
    assert "beta" not in json.dumps(stub.requests[0]).lower()


@pytest.mark.parametrize("status", [500, 429, 503])
def test_provider_error_falls_back_to_offline_and_is_counted(demo_shop, openai_settings, status):
    with OpenAIStub([stub_error(status)]) as stub:
        openai_settings(stub)
        reply = ask(demo_shop, "What is your email address?")
    assert reply.fell_back and stub.requests
    assert reply.text.startswith("Contact Trgovina Demo: email: info@trgovina-demo.si")
    assert TokenUsage.objects.get(account=demo_shop, agent="chatbot").fallbacks == 1


def test_provider_timeout_falls_back_to_offline(demo_shop, openai_settings, settings):
    settings.LLM_TIMEOUT_SECONDS = 0.3
    with OpenAIStub([stub_sleep(2)]) as stub:
        openai_settings(stub)
        reply = ask(demo_shop, "Hello!")
    assert reply.fell_back and reply.text.startswith("Hello! I'm the virtual assistant")


@pytest.mark.parametrize("model", ["anthropic:claude-test", "ollama:llama3.1"])
def test_unreachable_anthropic_or_ollama_provider_falls_back_to_offline(demo_shop, settings, model):
    # The real langchain-anthropic / langchain-ollama client at a closed local port (no internet here).
    settings.LLM_MODEL = model
    settings.LLM_BASE_URL = "http://127.0.0.1:9"
    settings.LLM_API_KEY = "sk-ant-test"
    reply = ask(demo_shop, "Kako lahko plačam?")
    assert reply.fell_back and reply.text.startswith("Plačilo s kartico")
    assert TokenUsage.objects.get(account=demo_shop, agent="chatbot").fallbacks == 1


def test_account_model_config_with_encrypted_key_reaches_the_provider(demo_shop, tenant_a):
    from features.models import AccountAgentFeature
    from features.services import feature_set

    with OpenAIStub([stub_text("Hi from the account's model.")]) as stub:
        config = {"model": "openai:account-model", "base_url": stub.base_url, "api_key": "sk-account-123"}
        feature_set(account=tenant_a, agent="chatbot", feature="core", config=config)
        stored = AccountAgentFeature.objects.get(account=tenant_a, agent="chatbot", feature="core").config
        reply = ask(tenant_a, "Hello there")
    assert stored["api_key"].startswith("enc:") and "sk-account-123" not in json.dumps(stored)
    assert stub.requests[0]["model"] == "account-model"
    assert stub.headers[0]["authorization"] == "Bearer sk-account-123"
    assert reply.text == "Hi from the account's model."


def test_account_persona_and_temperature_reach_the_provider(demo_shop, tenant_a, openai_settings):
    from features.services import feature_set

    feature_set(
        account=tenant_a,
        agent="chatbot",
        feature="core",
        config={"persona": "Always cheerful, calls shoppers 'dragi kupec'.", "temperature": 0.2},
    )
    with OpenAIStub([stub_text("Živjo!")]) as stub:
        openai_settings(stub)
        ask(tenant_a, "Zdravo")
    body = stub.requests[0]
    assert "calls shoppers 'dragi kupec'" in body["messages"][0]["content"]
    assert "Rules you always follow" in body["messages"][0]["content"]
    assert body["temperature"] == 0.2 and body["model"] == "stub-model"
