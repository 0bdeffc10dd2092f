"""Writes for feature flags: validated, secrets encrypted, the tenant's cache invalidated."""

import jsonschema
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts import crypto
from features.models import AccountAgentFeature
from features.registry import FEATURES, SECRET_CONFIG_KEYS, get_feature
from features.selectors import SECRET_MASK, invalidate_cache


def feature_config_validate(*, agent: str, feature: str, config) -> dict:
    definition = get_feature(agent, feature)
    if definition is None:
        known = ", ".join(sorted(f"{a}.{f}" for a, f in FEATURES))
        raise ValidationError({"feature": f"Unknown feature '{agent}.{feature}'. Known features: {known}."})
    if not isinstance(config, dict):
        raise ValidationError({"config": "Config must be a JSON object."})
    plain = {k: v for k, v in config.items() if not (k in SECRET_CONFIG_KEYS and crypto.is_encrypted(v))}
    try:
        jsonschema.validate(plain, definition.config_schema)
    except jsonschema.ValidationError as exc:
        where = ".".join(str(p) for p in exc.absolute_path) or "config"
        raise ValidationError({"config": f"{where}: {exc.message}"}) from None
    return config


def feature_set(
    *, account, agent: str, feature: str, enabled: bool | None = None, config: dict | None = None
):
    """Create or update an account's override of one feature.

    `enabled=None` leaves the on/off state as it is (a new row follows the tier); `config=None`
    leaves the config as it is."""
    if config is not None:
        feature_config_validate(agent=agent, feature=feature, config=config)
    elif get_feature(agent, feature) is None:
        feature_config_validate(agent=agent, feature=feature, config={})
    with transaction.atomic():
        row, _ = AccountAgentFeature.objects.select_for_update().get_or_create(
            account=account,
            agent=agent,
            feature=feature,
            defaults={"enabled": enabled},
        )
        if enabled is not None:
            row.enabled = enabled
        if config is not None:
            row.config = encrypt_secrets(config, previous=row.config)
        row.save()
    invalidate_cache(account)
    return row


def encrypt_secrets(config: dict, *, previous: dict | None = None) -> dict:
    """Encrypt secret values; an empty secret keeps the previously stored one (forms never echo it)."""
    result = dict(config)
    for key in SECRET_CONFIG_KEYS:
        if key not in result:
            continue
        value = result[key]
        if value in ("", None, SECRET_MASK) and previous and previous.get(key):
            result[key] = previous[key]
        elif value and not crypto.is_encrypted(value):
            result[key] = crypto.encrypt(value)
    return result


def feature_reset(*, account, agent: str, feature: str) -> None:
    """Drop an account's override: the feature follows the tier again, its config is forgotten."""
    AccountAgentFeature.objects.filter(account=account, agent=agent, feature=feature).delete()
    invalidate_cache(account)
