"""Account endpoints of the REST API: who am I, which features are on."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from features.selectors import feature_state


class AccountView(APIView):
    @extend_schema(
        summary="The account this host and API key belong to, with its feature flags",
        responses=inline_serializer(
            "Account",
            {
                "slug": serializers.CharField(),
                "name": serializers.CharField(),
                "subscription_tier": serializers.CharField(),
                "features": inline_serializer(
                    "AccountFeature",
                    {
                        "agent": serializers.CharField(),
                        "feature": serializers.CharField(),
                        "enabled": serializers.BooleanField(),
                    },
                    many=True,
                ),
            },
        ),
    )
    def get(self, request):
        account = request.tenant
        state = feature_state(account)
        return Response(
            {
                "slug": account.schema_name,
                "name": account.name,
                "subscription_tier": account.subscription_tier,
                "features": [
                    {"agent": agent, "feature": feature, "enabled": value["enabled"]}
                    for (agent, feature), value in sorted(state.items())
                ],
            }
        )
