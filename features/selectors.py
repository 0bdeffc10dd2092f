"""Reads for feature flags: the one gate `is_enabled`, cached per tenant.

The cache entry lives under the account's own schema prefix (django-tenants key function), so
invalidation switches to that schema; callers in the public schema (admin) go through it too.
"""

from django.core.cache import cache
from django.db import transaction
from django_tenants.utils import schema_context

from accounts import crypto
from features.registry import FEATURES, SECRET_CONFIG_KEYS

CACHE_KEY = "features:v1"
CACHE_SECONDS = 300
# What readers see instead of a stored secret; writing it back keeps the stored value.
SECRET_MASK = "••••••"


def _load(account) -> dict[tuple[str, str], dict]:
    from features.models import AccountAgentFeature

    state = {
        key: {"enabled": account.subscription_tier in feature.tiers, "config": {}, "override": False}
        for key, feature in FEATURES.items()
    }
    for row in AccountAgentFeature.objects.filter(account_id=account.pk):
        key = (row.agent, row.feature)
        if key in state:
            enabled = state[key]["enabled"] if row.enabled is None else row.enabled
            state[key] = {"enabled": enabled, "config": row.config or {}, "override": row.enabled is not None}
    # An add-on needs its agent's core: a disabled core switches the whole agent off.
    for (agent, name), value in state.items():
        if name != "core" and not state[(agent, "core")]["enabled"]:
            value["enabled"] = False
    return state


def feature_state(account) -> dict[tuple[str, str], dict]:
    with schema_context(account.schema_name):
        state = cache.get(CACHE_KEY)
        if state is None or state.get("_tier") != account.subscription_tier:
            state = {"_tier": account.subscription_tier, "features": _load(account)}
            cache.set(CACHE_KEY, state, CACHE_SECONDS)
    return state["features"]


def invalidate_cache(account) -> None:
    def delete() -> None:
        with schema_context(account.schema_name):
            cache.delete(CACHE_KEY)

    delete()
    # Again after commit: a reader between our delete and the commit may have cached the old rows.
    transaction.on_commit(delete)


def is_enabled(account, agent: str, feature: str = "core") -> bool:
    if account is None or getattr(account, "is_template", False):
        return False
    value = feature_state(account).get((agent, feature))
    return bool(value and value["enabled"])


def enabled_features(account) -> set[tuple[str, str]]:
    return {key for key, value in feature_state(account).items() if value["enabled"]}


def feature_config(account, agent: str, feature: str = "core", *, decrypt_secrets: bool = True) -> dict:
    value = feature_state(account).get((agent, feature))
    config = dict(value["config"]) if value else {}
    for key in SECRET_CONFIG_KEYS:
        if key in config and decrypt_secrets:
            config[key] = crypto.decrypt(config[key]) if crypto.is_encrypted(config[key]) else config[key]
        elif key in config:
            config[key] = SECRET_MASK if config[key] else ""
    return config
