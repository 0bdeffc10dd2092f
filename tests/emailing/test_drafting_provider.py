"""The provider path: a real langchain-openai client against the llm test kit's OpenAI stub."""

import json

import pytest

from emailing import services
from llm.testing import OpenAIStub, stub_error


def _answer(subject, html, text):
    payload = {"subject": subject, "preheader": "Samo ta teden", "html": html, "text": text}

    def respond(body):
        if body.get("tools"):  # function-calling flavour of structured output
            name = body["tools"][0]["function"]["name"]
            return {"tool_calls": [{"id": "call_1", "name": name, "arguments": json.dumps(payload)}]}
        return {"content": json.dumps(payload)}

    return respond


@pytest.fixture
def provider_a(tenant_a):
    from features.services import feature_set

    def use(stub):
        feature_set(
            account=tenant_a,
            agent="email",
            feature="core",
            config={"model": "openai:stub-model", "base_url": stub.base_url, "api_key": "sk-test"},
        )

    return use


def test_grounded_model_copy_is_used_and_sanitised(tenant_a, catalog_a, in_tenant, provider_a):
    html = '<h1>Akcija</h1><p>Jakna Zimska zdaj 89,00 € namesto 120,00 €.</p><script>steal()</script><a href="javascript:x">x</a>'
    with OpenAIStub([_answer("Zimska akcija", html, "Jakna Zimska: 89,00 €")]) as stub:
        provider_a(stub)
        with in_tenant(tenant_a):
            draft = services.draft_create(account=tenant_a, campaign_type="sale", language="sl")
        assert stub.requests, "the provider was called"
        prompt = json.dumps(stub.requests[0]["messages"], ensure_ascii=False)
    assert "Jakna Zimska" in prompt and "89,00 €" in prompt
    assert draft.engine == "openai:stub-model"
    assert draft.subject == "Zimska akcija"
    assert "<script" not in draft.body_html and "javascript:" not in draft.body_html
    assert "<unsubscribe>" in draft.body_html and "[unsubscribe]" in draft.body_text


def test_model_inventing_a_price_falls_back_to_offline_copy(tenant_a, catalog_a, in_tenant, provider_a):
    with OpenAIStub([_answer("Mega akcija", "<p>Vse samo 9,99 €!</p>", "Vse samo 9,99 €!")]) as stub:
        provider_a(stub)
        with in_tenant(tenant_a):
            draft = services.draft_create(account=tenant_a, campaign_type="sale", language="sl")
    assert draft.engine == "offline (fallback)"
    assert "9,99" not in draft.body_text and "89,00 €" in draft.body_text


def test_provider_error_falls_back_to_offline_copy(tenant_a, catalog_a, in_tenant, provider_a):
    with OpenAIStub([stub_error(500)]) as stub:
        provider_a(stub)
        with in_tenant(tenant_a):
            draft = services.draft_create(account=tenant_a, campaign_type="new_products", language="en")
    assert draft.engine == "offline (fallback)"
    assert "Majica Bombaž" in draft.body_text
