import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from accounts import crypto
from features.models import AccountAgentFeature
from features.registry import FEATURES, TIER_MONTHLY_TOKENS
from features.selectors import CACHE_KEY, SECRET_MASK, feature_config, is_enabled
from features.services import feature_config_validate, feature_reset, feature_set


def _with_tier(account, tier):
    account.subscription_tier = tier
    account.save(update_fields=["subscription_tier"])
    return account


def test_free_tier_has_chatbot_but_no_assistant(tenant_a):
    _with_tier(tenant_a, "free")
    assert is_enabled(tenant_a, "chatbot")
    assert not is_enabled(tenant_a, "assistant")
    assert not is_enabled(tenant_a, "chatbot", "support_tickets")


def test_pro_tier_has_email_but_not_b2b_rfq(tenant_a):
    _with_tier(tenant_a, "pro")
    assert is_enabled(tenant_a, "email")
    assert is_enabled(tenant_a, "assistant", "lead_qualifier")
    assert not is_enabled(tenant_a, "assistant", "b2b_rfq")


def test_every_feature_is_on_for_enterprise(tenant_a):
    assert all(is_enabled(tenant_a, agent, name) for agent, name in FEATURES)


def test_tier_change_is_visible_immediately(tenant_a):
    assert is_enabled(tenant_a, "email")
    _with_tier(tenant_a, "free")
    assert not is_enabled(tenant_a, "email")


def test_row_override_switches_a_tier_feature_off(tenant_a):
    feature_set(account=tenant_a, agent="booking", feature="core", enabled=False)
    assert not is_enabled(tenant_a, "booking")


def test_row_override_switches_on_a_feature_above_the_tier(tenant_a):
    _with_tier(tenant_a, "starter")
    feature_set(account=tenant_a, agent="email", feature="core", enabled=True)
    assert is_enabled(tenant_a, "email")


def test_add_on_is_off_when_its_agent_core_is_off(tenant_a):
    feature_set(account=tenant_a, agent="chatbot", feature="support_tickets", enabled=True)
    feature_set(account=tenant_a, agent="chatbot", feature="core", enabled=False)
    assert not is_enabled(tenant_a, "chatbot", "support_tickets")


def test_config_only_row_follows_the_tier_after_a_downgrade(tenant_a):
    feature_set(account=tenant_a, agent="email", feature="core", config={"from_name": "Alpha"})
    assert is_enabled(tenant_a, "email")
    _with_tier(tenant_a, "starter")
    assert not is_enabled(tenant_a, "email")


def test_reset_returns_a_feature_to_the_tier_default(tenant_a):
    feature_set(account=tenant_a, agent="booking", feature="core", enabled=False)
    feature_reset(account=tenant_a, agent="booking", feature="core")
    assert is_enabled(tenant_a, "booking")


def test_flag_change_is_visible_immediately_despite_cache(tenant_a):
    assert is_enabled(tenant_a, "chatbot")  # warms the cache
    with schema_context(tenant_a.schema_name):
        assert cache.get(CACHE_KEY) is not None
    feature_set(account=tenant_a, agent="chatbot", feature="core", enabled=False)
    assert not is_enabled(tenant_a, "chatbot")


def test_cache_entries_are_per_tenant(tenant_a, tenant_b):
    assert is_enabled(tenant_a, "booking") and is_enabled(tenant_b, "booking")
    feature_set(account=tenant_a, agent="booking", feature="core", enabled=False)
    assert not is_enabled(tenant_a, "booking")
    assert is_enabled(tenant_b, "booking")
    with schema_context(tenant_b.schema_name):
        assert cache.get(CACHE_KEY)["features"][("booking", "core")]["enabled"] is True


def test_cache_key_carries_the_tenant_schema(tenant_a):
    from django_tenants.cache import make_key

    is_enabled(tenant_a, "chatbot")
    with schema_context(tenant_a.schema_name):
        key = make_key(CACHE_KEY, settings.CACHES["default"].get("KEY_PREFIX", ""), 1)
    assert tenant_a.schema_name in key


def test_no_account_or_template_has_nothing_enabled(db):
    from accounts.services import template_schema_ensure

    assert not is_enabled(None, "chatbot")
    assert not is_enabled(template_schema_ensure(), "chatbot")


def test_invalid_config_is_refused_naming_the_field(tenant_a):
    with pytest.raises(ValidationError) as exc:
        feature_set(account=tenant_a, agent="chatbot", feature="core", config={"primary_color": "red"})
    assert "primary_color" in exc.value.message_dict["config"][0]
    assert not AccountAgentFeature.objects.filter(account=tenant_a).exists()


def test_unexpected_config_key_is_refused(tenant_a):
    with pytest.raises(ValidationError) as exc:
        feature_config_validate(agent="booking", feature="core", config={"colour": "#ffffff"})
    assert "colour" in exc.value.message_dict["config"][0]


def test_unknown_feature_is_refused_with_the_known_list(tenant_a):
    with pytest.raises(ValidationError) as exc:
        feature_set(account=tenant_a, agent="chatbot", feature="teleport", enabled=True)
    message = exc.value.message_dict["feature"][0]
    assert "chatbot.teleport" in message and "chatbot.core" in message
    assert not AccountAgentFeature.objects.filter(account=tenant_a).exists()


def test_secret_config_is_encrypted_at_rest_and_readable_by_code(tenant_a):
    feature_set(
        account=tenant_a,
        agent="email",
        feature="core",
        config={"sendy_api_key": "sk-live-123", "brand_id": "1"},
    )
    stored = AccountAgentFeature.objects.get(account=tenant_a, agent="email").config
    assert stored["brand_id"] == "1"
    assert crypto.is_encrypted(stored["sendy_api_key"]) and "sk-live-123" not in stored["sendy_api_key"]
    assert feature_config(tenant_a, "email")["sendy_api_key"] == "sk-live-123"
    assert feature_config(tenant_a, "email", decrypt_secrets=False)["sendy_api_key"] == SECRET_MASK


def test_saving_config_without_the_secret_keeps_the_stored_secret(tenant_a):
    feature_set(account=tenant_a, agent="chatbot", feature="core", config={"api_key": "sk-1"})
    feature_set(account=tenant_a, agent="chatbot", feature="core", config={"api_key": "", "title": "Hi"})
    feature_set(
        account=tenant_a, agent="chatbot", feature="core", config={"api_key": SECRET_MASK, "title": "Yo"}
    )
    assert feature_config(tenant_a, "chatbot")["api_key"] == "sk-1"
    assert feature_config(tenant_a, "chatbot")["title"] == "Yo"


def test_crypto_round_trip_and_wrong_key(settings):
    token = crypto.encrypt("secret")
    assert crypto.decrypt(token) == "secret"
    settings.FIELD_ENCRYPTION_KEYS = ["a" * 43 + "="]
    with pytest.raises(ValueError):
        crypto.decrypt(token)


def test_every_tier_has_a_token_quota_entry():
    assert set(TIER_MONTHLY_TOKENS) == {"free", "starter", "pro", "enterprise"}


def test_every_registry_label_and_description_is_in_the_catalog_list():
    from features.labels import LABELS
    from features.registry import FEATURE_LIST

    assert {text for f in FEATURE_LIST for text in (f.label, f.description)} <= set(LABELS)


def test_feature_labels_are_translated_to_slovenian():
    from django.utils import translation

    with translation.override("sl"):
        assert translation.gettext("Booking") == "Rezervacije"
        assert translation.gettext("Owner assistant") == "Asistent za lastnika"
