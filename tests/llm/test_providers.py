"""Model selection: LLM_MODEL strings, per-account overrides, construction failures."""

import pytest

from llm.offline import OfflineChatModel
from llm.providers import chat_model_for, model_spec_for, parse_model


@pytest.mark.parametrize(
    ("value", "provider", "model"),
    [
        ("offline", "offline", "offline"),
        ("", "offline", "offline"),
        ("openai:gpt-4o-mini", "openai", "gpt-4o-mini"),
        ("anthropic:claude-sonnet-4-5", "anthropic", "claude-sonnet-4-5"),
        ("ollama:llama3.1", "ollama", "llama3.1"),
        ("qwen2.5-7b-instruct", "openai", "qwen2.5-7b-instruct"),
    ],
)
def test_model_strings(value, provider, model):
    spec = parse_model(value, base_url="http://localhost:8000/v1")
    assert (spec.provider, spec.model) == (provider, model)


def test_unknown_provider_is_rejected():
    with pytest.raises(ValueError, match="unknown model provider"):
        parse_model("mystery:model")


@pytest.mark.django_db
def test_default_is_the_offline_engine(tenant_a):
    assert isinstance(chat_model_for(tenant_a, "chatbot"), OfflineChatModel)


@pytest.mark.django_db
def test_unknown_provider_setting_answers_offline_with_the_reason(tenant_a, settings):
    settings.LLM_MODEL = "mystery:model"
    model = chat_model_for(tenant_a, "chatbot")
    assert isinstance(model, OfflineChatModel) and "unknown model provider" in model.fallback_reason


@pytest.mark.django_db
def test_account_model_never_inherits_the_platform_key(tenant_a, settings):
    from features.services import feature_set

    settings.LLM_MODEL, settings.LLM_API_KEY = "openai:platform-model", "sk-platform"
    feature_set(account=tenant_a, agent="chatbot", feature="core", config={"model": "openai:own-model"})
    spec = model_spec_for(tenant_a, "chatbot")
    assert (spec.model, spec.api_key) == ("own-model", "")
    assert model_spec_for(tenant_a, "assistant").api_key == "sk-platform"


@pytest.mark.django_db
def test_openai_model_is_built_without_retries_and_with_stream_usage(tenant_a, settings):
    settings.LLM_MODEL, settings.LLM_API_KEY, settings.LLM_TIMEOUT_SECONDS = "openai:gpt-test", "sk-x", 7.0
    model = chat_model_for(tenant_a, "chatbot")
    assert (model.model_name, model.max_retries, model.stream_usage, model.request_timeout) == (
        "gpt-test",
        0,
        True,
        7.0,
    )
