"""REST API of the email agent: /api/v1/email/ (Api-Key or owner session, feature `email`).

Approval and resolving an unknown send outcome need an owner *session* (a person); an API key
can list, draft, edit and ask to send an already approved draft, never approve.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import error_response
from emailing import connection, selectors, services
from emailing.models import CampaignType, DraftStatus, EmailDraft, SendMode
from features.gates import feature_permission

PERMISSIONS = [IsAuthenticated, feature_permission("email")]


class DraftSerializer(serializers.ModelSerializer):
    approved_by = serializers.CharField(source="approved_by.username", default=None, read_only=True)

    class Meta:
        model = EmailDraft
        fields = [
            "id", "type", "language", "subject", "preheader", "body_html", "body_text", "status",
            "product_ids", "source", "engine", "approved_by", "approved_at", "send_mode", "schedule_at",
            "sendy_campaign_id", "sendy_answer", "sent_at", "last_error", "outcome_unknown",
            "send_attempts", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class DraftDetailSerializer(DraftSerializer):
    events = serializers.SerializerMethodField()

    class Meta(DraftSerializer.Meta):
        fields = DraftSerializer.Meta.fields + ["events"]
        read_only_fields = fields

    def get_events(self, draft) -> list[dict]:
        return [
            {"kind": e.kind, "actor": e.actor, "message": e.message, "at": e.created_at.isoformat()}
            for e in selectors.draft_events(draft=draft)
        ]


class DraftCreateSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=CampaignType.values)
    language = serializers.ChoiceField(choices=["sl", "en"])
    product_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, max_length=50
    )


class DraftUpdateSerializer(serializers.Serializer):
    subject = serializers.CharField(max_length=200, required=False)
    preheader = serializers.CharField(max_length=250, required=False, allow_blank=True)
    body_html = serializers.CharField(max_length=200_000, required=False)
    body_text = serializers.CharField(max_length=100_000, required=False)


class SendSerializer(serializers.Serializer):
    send_mode = serializers.ChoiceField(choices=SendMode.values, required=False)
    schedule_at = serializers.DateTimeField(required=False)


def _actor(request) -> str:
    return getattr(request.user, "username", "") or str(request.user)


def _draft(draft_id: int) -> EmailDraft:
    draft = selectors.draft_get(draft_id=draft_id)
    if draft is None:
        raise Http404
    return draft


class DraftListView(ListAPIView):
    permission_classes = PERMISSIONS
    serializer_class = DraftSerializer

    def get_queryset(self):
        wanted = self.request.query_params.get("status")
        if wanted and wanted not in DraftStatus.values:
            raise serializers.ValidationError({"status": f"Choose one of: {', '.join(DraftStatus.values)}."})
        return selectors.draft_list(status=wanted)

    @extend_schema(request=DraftCreateSerializer, responses={201: DraftDetailSerializer})
    def post(self, request):
        data = DraftCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        key = request.headers.get("Idempotency-Key", "").strip()[:64] or None
        draft = services.draft_create(
            account=request.tenant,
            campaign_type=data.validated_data["type"],
            language=data.validated_data["language"],
            product_ids=data.validated_data.get("product_ids"),
            source="api",
            actor=_actor(request),
            idempotency_key=key,
        )
        return Response(DraftDetailSerializer(draft).data, status=status.HTTP_201_CREATED)


class DraftDetailView(APIView):
    permission_classes = PERMISSIONS

    @extend_schema(responses=DraftDetailSerializer)
    def get(self, request, draft_id: int):
        return Response(DraftDetailSerializer(_draft(draft_id)).data)

    @extend_schema(request=DraftUpdateSerializer, responses=DraftDetailSerializer)
    def patch(self, request, draft_id: int):
        _draft(draft_id)
        data = DraftUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if not data.validated_data:
            raise serializers.ValidationError(
                {"detail": "Send at least one of subject, preheader, body_html, body_text."}
            )
        try:
            draft = services.draft_update(draft_id=draft_id, actor=_actor(request), **data.validated_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                raise
            return error_response(409, exc.messages[0])
        return Response(DraftDetailSerializer(draft).data)


class DraftApproveView(APIView):
    permission_classes = PERMISSIONS

    @extend_schema(request=None, responses=DraftDetailSerializer)
    def post(self, request, draft_id: int):
        _draft(draft_id)
        if request.auth is not None:  # an API key: approval needs a person
            raise PermissionDenied(
                _("Only the shop owner, signed in to the dashboard, can approve a campaign.")
            )
        try:
            draft = services.draft_approve(draft_id=draft_id, user=request.user)
        except PermissionError as exc:
            raise PermissionDenied(str(exc)) from None
        except ValidationError as exc:
            return error_response(409, exc.messages[0])
        return Response(DraftDetailSerializer(draft).data)


class DraftSendView(APIView):
    permission_classes = PERMISSIONS

    @extend_schema(request=SendSerializer, responses={202: DraftDetailSerializer})
    def post(self, request, draft_id: int):
        _draft(draft_id)
        data = SendSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.campaign_send_request(draft_id=draft_id, actor=_actor(request), **data.validated_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                raise
            return error_response(409, exc.messages[0], code="not_approved")
        draft = selectors.draft_get(draft_id=draft_id)
        return Response(DraftDetailSerializer(draft).data, status=status.HTTP_202_ACCEPTED)


class ConnectionTestView(APIView):
    permission_classes = PERMISSIONS

    @extend_schema(
        request=None,
        responses=inline_serializer(
            name="SendyConnectionTest",
            fields={
                "ok": serializers.BooleanField(),
                "message": serializers.CharField(),
                "lists": serializers.ListField(child=serializers.DictField(), required=False),
                "subscribers": serializers.DictField(child=serializers.IntegerField(), required=False),
            },
        ),
    )
    def post(self, request):
        request.data  # noqa: B018 - parse the body: malformed JSON is a 400 even though nothing is read
        return Response(connection.sendy_connection_test(account=request.tenant))
