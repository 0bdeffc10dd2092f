"""Account endpoints of the REST API: who am I, which features are on."""

from rest_framework.response import Response
from rest_framework.views import APIView

from features.selectors import feature_state


class AccountView(APIView):
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
