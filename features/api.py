"""Feature flags over the REST API: which agents and add-ons are on, and their owner config.

Whether a feature is on is the plan's business (tier + staff overrides); integrations and owners
can read the state and change an enabled feature's `config`, never switch it on or off.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from features import services
from features.registry import FEATURE_LIST, FEATURES
from features.selectors import feature_config, feature_state


def _feature_json(account, feature, state) -> dict:
    value = state[feature.key]
    return {
        "agent": feature.agent,
        "feature": feature.name,
        "label": feature.label,
        "description": feature.description,
        "enabled": value["enabled"],
        "overridden": value["override"],
        "tiers": list(feature.tiers),
        # Secrets come back masked: an API reader never sees a stored provider key.
        "config": feature_config(account, feature.agent, feature.name, decrypt_secrets=False),
    }


_FEATURE = inline_serializer(
    "Feature",
    {
        "agent": serializers.CharField(),
        "feature": serializers.CharField(),
        "label": serializers.CharField(),
        "description": serializers.CharField(),
        "enabled": serializers.BooleanField(),
        "overridden": serializers.BooleanField(help_text="staff switched it on/off regardless of the tier"),
        "tiers": serializers.ListField(child=serializers.CharField()),
        "config": serializers.DictField(help_text="secret values are masked"),
    },
)
_CONFIG_PATCH = inline_serializer(
    "FeatureConfigPatch",
    {"config": serializers.DictField(help_text="keys to set; null removes a key; others are kept")},
)


def _get_feature_or_404(agent: str, feature: str):
    definition = FEATURES.get((agent, feature))
    if definition is None:
        known = ", ".join(sorted(f"{a}.{f}" for a, f in FEATURES))
        raise exceptions.NotFound(
            _("Unknown feature '%(name)s'. Known features: %(known)s.")
            % {"name": f"{agent}.{feature}", "known": known}
        )
    return definition


class FeatureListView(APIView):
    @extend_schema(
        summary="Every agent and add-on with its state for this account",
        operation_id="features_list",
        responses=inline_serializer("FeatureList", {"results": _FEATURE.__class__(many=True)}),
    )
    def get(self, request):
        state = feature_state(request.tenant)
        return Response({"results": [_feature_json(request.tenant, f, state) for f in FEATURE_LIST]})


class FeatureDetailView(APIView):
    @extend_schema(summary="One feature's state and (masked) config", responses=_FEATURE)
    def get(self, request, agent: str, feature: str):
        definition = _get_feature_or_404(agent, feature)
        return Response(_feature_json(request.tenant, definition, feature_state(request.tenant)))

    @extend_schema(
        summary="Change an enabled feature's config (validated against its schema)",
        request=_CONFIG_PATCH,
        responses=_FEATURE,
    )
    def patch(self, request, agent: str, feature: str):
        definition = _get_feature_or_404(agent, feature)
        if not isinstance(request.data, dict):
            raise exceptions.ValidationError({"config": _("Send a JSON object with a 'config' object.")})
        if "enabled" in request.data:
            raise exceptions.PermissionDenied(
                _("Features are switched by your plan; contact Growiyo to change them.")
            )
        if "config" not in request.data:
            raise exceptions.ValidationError({"config": _("This field is required.")})
        if not feature_state(request.tenant)[definition.key]["enabled"]:
            raise exceptions.PermissionDenied(_("This feature is not enabled for this account."))
        changes = request.data["config"]
        if not isinstance(changes, dict):
            raise exceptions.ValidationError({"config": _("Config must be a JSON object.")})
        # PATCH semantics: given keys replace stored ones, null removes a key, the rest is kept.
        config = dict(feature_state(request.tenant)[definition.key]["config"])
        for key, value in changes.items():
            if value is None:
                config.pop(key, None)
            else:
                config[key] = value
        services.feature_set(account=request.tenant, agent=agent, feature=feature, config=config)
        return Response(_feature_json(request.tenant, definition, feature_state(request.tenant)))
