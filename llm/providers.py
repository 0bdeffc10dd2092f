"""Which chat model an account's agent uses: the offline engine unless a provider is configured.

Resolution: the account's feature config for the agent (`model`, `base_url`, `api_key`,
`temperature`; api_key decrypted from accounts.crypto) over the LLM_MODEL / LLM_BASE_URL /
LLM_API_KEY settings. Model strings: `offline`, `openai:<model>`, `anthropic:<model>`,
`ollama:<model>`, or a bare model name with a base URL (any OpenAI-compatible server).

A provider that cannot even be constructed (package missing, no key) gives the offline engine
with `fallback_reason` set: the runtime logs and counts it like a failed call.
"""

import logging
from dataclasses import dataclass

from django.conf import settings

from llm.offline import OfflineChatModel

logger = logging.getLogger(__name__)

MODEL_AGENTS = ("chatbot", "assistant", "email")  # agents whose feature config carries model keys
PROVIDERS = ("openai", "anthropic", "ollama")


@dataclass(frozen=True)
class ModelSpec:
    provider: str  # offline | openai | anthropic | ollama
    model: str
    base_url: str = ""
    api_key: str = ""
    temperature: float | None = None

    @property
    def is_offline(self) -> bool:
        return self.provider == "offline"

    @property
    def label(self) -> str:
        return "offline" if self.is_offline else f"{self.provider}:{self.model}"


def agent_config(account, agent: str) -> dict:
    if account is None or agent not in MODEL_AGENTS:
        return {}
    from features.selectors import feature_config

    return feature_config(account, agent, "core")


def parse_model(value: str, *, base_url: str = "", api_key: str = "", temperature=None) -> ModelSpec:
    value = (value or "offline").strip()
    if value.lower() == "offline":
        return ModelSpec("offline", "offline")
    provider, _, name = value.partition(":")
    if not name:  # a bare model name means an OpenAI-compatible server (base URL or api.openai.com)
        provider, name = "openai", value
    provider = provider.lower()
    if provider not in PROVIDERS:
        raise ValueError(f"unknown model provider {provider!r}")
    return ModelSpec(provider, name, base_url=base_url, api_key=api_key, temperature=temperature)


def model_spec_for(account, agent: str) -> ModelSpec:
    config = agent_config(account, agent)
    # Account settings win as a whole: a model of its own never inherits the platform's key.
    if config.get("model"):
        return parse_model(
            config["model"],
            base_url=config.get("base_url", ""),
            api_key=config.get("api_key", ""),
            temperature=config.get("temperature"),
        )
    return parse_model(
        settings.LLM_MODEL,
        base_url=settings.LLM_BASE_URL or "",
        api_key=settings.LLM_API_KEY or "",
        temperature=config.get("temperature"),
    )


def offline_model(account=None, context=None) -> OfflineChatModel:
    default_language = getattr(account, "default_language", "sl") or "sl"
    return OfflineChatModel(
        context=context, shop_name=getattr(account, "name", "") or "", default_language=default_language
    )


def provider_model(spec: ModelSpec):
    from langchain.chat_models import init_chat_model

    kwargs: dict = {"timeout": settings.LLM_TIMEOUT_SECONDS, "max_retries": 0}
    if spec.temperature is not None:
        kwargs["temperature"] = spec.temperature
    if spec.provider == "openai":
        kwargs["stream_usage"] = True  # usage in streamed responses (stream_options.include_usage)
        if spec.base_url:
            kwargs["base_url"] = spec.base_url
        if spec.api_key:
            kwargs["api_key"] = spec.api_key
        elif spec.base_url:
            kwargs["api_key"] = "not-needed"  # local OpenAI-compatible servers accept any key
    elif spec.provider == "anthropic":
        if spec.api_key:
            kwargs["api_key"] = spec.api_key
        if spec.base_url:
            kwargs["base_url"] = spec.base_url
    elif spec.provider == "ollama":
        kwargs.pop("max_retries")
        kwargs.pop("timeout")
        if spec.base_url:
            kwargs["base_url"] = spec.base_url
    return init_chat_model(spec.model, model_provider=spec.provider, **kwargs)


def chat_model_for(account, agent: str, context=None):
    """The model for (account, agent): offline by default, else the configured provider."""
    try:
        spec = model_spec_for(account, agent)
        if spec.is_offline:
            return offline_model(account, context)
        return provider_model(spec)
    except Exception as exc:  # noqa: BLE001 - any construction failure means "answer offline"
        logger.warning("llm provider unavailable for %s/%s, using offline: %s", account, agent, exc)
        model = offline_model(account, context)
        model.fallback_reason = str(exc)[:200] or exc.__class__.__name__
        return model
