"""Owner/integration REST endpoints (Api-Key or owner session): visitor GDPR requests, leads."""

from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from chatbot import rules, selectors, services
from chatbot.models import ChatLead
from features.gates import feature_permission


class VisitorDataView(APIView):
    """GET: everything stored about one visitor; DELETE: erase it."""

    permission_classes = [IsAuthenticated, feature_permission("chatbot")]

    def _visitor(self, visitor_id: str) -> str:
        if not rules.VISITOR_RE.match(visitor_id):
            raise serializers.ValidationError({"visitor_id": "Not a valid visitor id."})
        return visitor_id

    def get(self, request, visitor_id: str):
        return Response(selectors.visitor_export(visitor_id=self._visitor(visitor_id)))

    def delete(self, request, visitor_id: str):
        return Response({"deleted": services.visitor_delete(visitor_id=self._visitor(visitor_id))})


class LeadSerializer(serializers.ModelSerializer):
    session_id = serializers.CharField(source="session.session_id", default=None, read_only=True)

    class Meta:
        model = ChatLead
        fields = [
            "id",
            "session_id",
            "visitor_id",
            "name",
            "email",
            "phone",
            "message",
            "consent",
            "consent_text",
            "consented_at",
            "source_addon",
            "created_at",
        ]


class LeadListView(ListAPIView):
    permission_classes = [IsAuthenticated, feature_permission("chatbot")]
    serializer_class = LeadSerializer

    def get_queryset(self):
        return selectors.lead_list()
