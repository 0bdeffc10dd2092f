from django.db import connection

from features.registry import AGENTS


def dashboard(request):
    """Navigation for the owner dashboard: only the agents this account has switched on."""
    tenant = getattr(request, "tenant", None)
    if tenant is None or connection.schema_name == "public":
        return {}
    from features.selectors import enabled_features

    enabled = enabled_features(tenant)
    return {
        "account": tenant,
        "enabled_agents": [agent for agent in AGENTS if (agent, "core") in enabled],
        "enabled_features": {f"{agent}.{name}" for agent, name in enabled},
    }
