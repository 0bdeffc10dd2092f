"""REST API of the add-ons (/api/v1/addons/..., Api-Key or owner session), each route gated by
its add-on. Writes go through addons services; their ValidationErrors become 400s that name the
field (config.api.exception_handler)."""

from django.shortcuts import get_object_or_404
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from addons import generators, pricing, selectors, services, stock_alerts
from addons.models import (
    FinderResponse,
    LeadScore,
    PricingRule,
    RfqRequest,
    SizeChart,
    StockNotification,
    SupportTicket,
)
from features.gates import feature_permission


def gate(agent: str, feature: str) -> list:
    return [IsAuthenticated, feature_permission(agent, feature)]


def _body(request) -> dict:
    if not isinstance(request.data, dict):
        raise serializers.ValidationError({"body": "Send a JSON object."})
    return request.data


def _optional_int(data: dict, key: str) -> int | None:
    value = data.get(key)
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise serializers.ValidationError({key: "Must be a whole number."})
    return value


class TicketSerializer(serializers.ModelSerializer):
    session_id = serializers.CharField(source="session.session_id", default=None, read_only=True)

    class Meta:
        model = SupportTicket
        fields = ["id", "session_id", "kind", "status", "issue", "order_ref", "order_found", "email", "name", "language", "created_at", "updated_at"]  # fmt: skip


class PricingRuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = PricingRule
        fields = ["id", "name", "product_id", "category", "params", "is_active", "updated_at"]


class SizeChartSerializer(serializers.ModelSerializer):
    class Meta:
        model = SizeChart
        fields = ["id", "category", "chart", "updated_at"]


class StockNotificationSerializer(serializers.ModelSerializer):
    product_name = serializers.CharField(source="product.name", read_only=True)

    class Meta:
        model = StockNotification
        fields = ["id", "product_id", "product_name", "email", "language", "consent", "consent_text", "created_at", "notified_at"]  # fmt: skip


class RfqSerializer(serializers.ModelSerializer):
    class Meta:
        model = RfqRequest
        fields = ["id", "details", "status", "draft_action_id", "created_at"]


class LeadScoreSerializer(serializers.ModelSerializer):
    email = serializers.CharField(source="lead.email", read_only=True)
    name = serializers.CharField(source="lead.name", read_only=True)

    class Meta:
        model = LeadScore
        fields = ["id", "lead_id", "name", "email", "score", "reasons", "scored_at"]


class FinderResponseSerializer(serializers.ModelSerializer):
    class Meta:
        model = FinderResponse
        fields = ["id", "answers", "recommended_product_ids", "created_at"]


# --- support tickets -------------------------------------------------------------------------
class TicketListView(ListAPIView):
    permission_classes = gate("chatbot", "support_tickets")
    serializer_class = TicketSerializer

    def get_queryset(self):
        wanted = self.request.query_params.get("status", "")
        if wanted and wanted not in SupportTicket.Status.values:
            raise serializers.ValidationError(
                {"status": f"Must be one of: {', '.join(SupportTicket.Status.values)}."}
            )
        return selectors.ticket_list(status=wanted)

    def post(self, request):
        data = _body(request)
        ticket = services.ticket_create(
            issue=data.get("issue"),
            email=data.get("email"),
            name=data.get("name"),
            order_ref=data.get("order_ref"),
            kind=data.get("kind") or SupportTicket.Kind.COMPLAINT,
            language=data.get("language") or "sl",
        )
        return Response(TicketSerializer(ticket).data, status=status.HTTP_201_CREATED)


class TicketDetailView(APIView):
    permission_classes = gate("chatbot", "support_tickets")

    def get(self, request, pk: int):
        return Response(TicketSerializer(get_object_or_404(SupportTicket, pk=pk)).data)

    def patch(self, request, pk: int):
        ticket = get_object_or_404(SupportTicket, pk=pk)
        ticket = services.ticket_set_status(ticket=ticket, status=_body(request).get("status"))
        return Response(TicketSerializer(ticket).data)


# --- pricing rules ---------------------------------------------------------------------------
def _rule_save(request, rule=None) -> PricingRule:
    data = _body(request)
    return services.pricing_rule_save(
        rule=rule,
        name=data.get("name", rule.name if rule else ""),
        params=data.get("params", rule.params if rule else None),
        product_id=_optional_int(data, "product_id")
        if "product_id" in data
        else (rule.product_id if rule else None),
        category=data.get("category", rule.category if rule else ""),
        is_active=data.get("is_active", rule.is_active if rule else True),
    )


class PricingRuleListView(ListAPIView):
    permission_classes = gate("chatbot", "price_calculator")
    serializer_class = PricingRuleSerializer

    def get_queryset(self):
        return selectors.pricing_rule_list()

    def post(self, request):
        return Response(PricingRuleSerializer(_rule_save(request)).data, status=status.HTTP_201_CREATED)


class PricingRuleDetailView(APIView):
    permission_classes = gate("chatbot", "price_calculator")

    def get(self, request, pk: int):
        return Response(PricingRuleSerializer(get_object_or_404(PricingRule, pk=pk)).data)

    def patch(self, request, pk: int):
        rule = _rule_save(request, get_object_or_404(PricingRule, pk=pk))
        return Response(PricingRuleSerializer(rule).data)

    def delete(self, request, pk: int):
        get_object_or_404(PricingRule, pk=pk).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class PricingQuoteView(APIView):
    """POST {"rule_id", "quantity", "width_cm", "height_cm"} → the quote (try a rule out)."""

    permission_classes = gate("chatbot", "price_calculator")

    def post(self, request):
        data = _body(request)
        rule_id = _optional_int(data, "rule_id")
        if rule_id is None:
            raise serializers.ValidationError({"rule_id": "This field is required."})
        rule = get_object_or_404(PricingRule, pk=rule_id)
        quote = pricing.quote(
            rule.params,
            quantity=data.get("quantity", 1),
            width_cm=data.get("width_cm"),
            height_cm=data.get("height_cm"),
        )
        return Response(quote.as_dict())


# --- size charts -----------------------------------------------------------------------------
class SizeChartListView(ListAPIView):
    permission_classes = gate("chatbot", "size_advisor")
    serializer_class = SizeChartSerializer

    def get_queryset(self):
        return selectors.size_chart_list()

    def post(self, request):
        data = _body(request)
        row = services.size_chart_save(category=data.get("category"), chart=data.get("chart"))
        return Response(SizeChartSerializer(row).data, status=status.HTTP_201_CREATED)


class SizeChartDetailView(APIView):
    permission_classes = gate("chatbot", "size_advisor")

    def get(self, request, pk: int):
        return Response(SizeChartSerializer(get_object_or_404(SizeChart, pk=pk)).data)

    def patch(self, request, pk: int):
        row = get_object_or_404(SizeChart, pk=pk)
        data = _body(request)
        row = services.size_chart_save(
            chart_row=row, category=data.get("category", row.category), chart=data.get("chart", row.chart)
        )
        return Response(SizeChartSerializer(row).data)

    def delete(self, request, pk: int):
        get_object_or_404(SizeChart, pk=pk).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- stock alerts ----------------------------------------------------------------------------
class StockNotificationListView(ListAPIView):
    permission_classes = gate("chatbot", "stock_alerts")
    serializer_class = StockNotificationSerializer

    def get_queryset(self):
        return selectors.stock_notification_list(pending_only=self.request.query_params.get("pending") == "1")

    def post(self, request):
        data = _body(request)
        row, created = stock_alerts.stock_subscribe(
            product_id=_optional_int(data, "product_id") or 0,
            email=data.get("email"),
            consent=data.get("consent") is True,
            consent_text=str(data.get("consent_text") or ""),
            language=data.get("language") or "sl",
        )
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(StockNotificationSerializer(row).data, status=code)


# --- RFQs, lead scores, finder, generators ---------------------------------------------------
class RfqListView(ListAPIView):
    permission_classes = gate("assistant", "b2b_rfq")
    serializer_class = RfqSerializer

    def get_queryset(self):
        return selectors.rfq_list()

    def post(self, request):
        rfq = services.rfq_create(details=_body(request).get("details"))
        return Response(RfqSerializer(rfq).data, status=status.HTTP_201_CREATED)


class RfqDraftQuoteView(APIView):
    permission_classes = gate("assistant", "b2b_rfq")

    def post(self, request, pk: int):
        rfq = services.rfq_draft_quote(rfq=get_object_or_404(RfqRequest, pk=pk))
        return Response(RfqSerializer(rfq).data)


class LeadScoreListView(ListAPIView):
    permission_classes = gate("assistant", "lead_qualifier")
    serializer_class = LeadScoreSerializer

    def get_queryset(self):
        return selectors.lead_score_list()

    def post(self, request):
        """Score the leads that have no score yet (the body, if any, must be a JSON object)."""
        _body(request)
        return Response({"scored": services.leads_score_pending()})


class FinderResponseListView(ListAPIView):
    permission_classes = gate("chatbot", "product_finder")
    serializer_class = FinderResponseSerializer

    def get_queryset(self):
        return selectors.finder_response_list()

    def post(self, request):
        response, picks = services.finder_recommend(answers=_body(request).get("answers"))
        data = FinderResponseSerializer(response).data
        data["products"] = [
            {k: p.get(k) for k in ("id", "name", "price", "in_stock", "matched")} for p in picks
        ]
        return Response(data, status=status.HTTP_201_CREATED)


class DescriptionDraftView(APIView):
    """POST {"product_id", "language"} → the proposed assistant action (status "suggested")."""

    permission_classes = gate("assistant", "description_generator")

    def post(self, request):
        data = _body(request)
        action = generators.description_draft_propose(
            product_id=_optional_int(data, "product_id") or 0, language=data.get("language") or "sl"
        )
        body = {"action_id": action.pk, "status": action.status, "payload": action.payload}
        return Response(body, status=status.HTTP_201_CREATED)


class FaqDraftsView(APIView):
    """GET: the candidates; POST {"language", "min_sessions"}: store them as draft FAQs."""

    permission_classes = gate("chatbot", "faq_generator")

    def _args(self, data) -> dict:
        return {
            "language": data.get("language") or "sl",
            "min_sessions": _int_or(data.get("min_sessions"), 2),
        }

    def get(self, request):
        candidates = generators.faq_candidates(**self._args(request.query_params))
        return Response({"candidates": [c.as_dict() for c in candidates]})

    def post(self, request):
        faqs = generators.faq_drafts_generate(**self._args(_body(request)))
        body = {
            "created": [
                {"id": f.pk, "question": f.question, "answer": f.answer, "status": f.status} for f in faqs
            ]
        }
        return Response(body, status=status.HTTP_201_CREATED)


def _int_or(value, default: int):
    if value in (None, ""):
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        raise serializers.ValidationError({"min_sessions": "Must be a whole number."}) from None
