"""Shop REST API (/api/v1/shop/): bulk sync for integrations, products, orders, company info.

Thin: parse the request, call one service or selector, shape the answer. Authentication is the
project default (an API key of this account, or the owner's session).
"""

from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics
from rest_framework.response import Response
from rest_framework.views import APIView

from shop import selectors, serializers, services
from shop.models import Order
from shop.selectors import ProductHit

# A full batch of 1,000 products with long descriptions stays well below this.
MAX_SYNC_BODY_BYTES = 20 * 1024 * 1024


class PayloadTooLarge(exceptions.APIException):
    status_code = 413
    default_code = "payload_too_large"
    default_detail = "The request body is too large."


def _sync_payload(request):
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_SYNC_BODY_BYTES:
        raise PayloadTooLarge(
            _("The request body is larger than %(mb)d MB.") % {"mb": MAX_SYNC_BODY_BYTES >> 20}
        )
    return request.data


def _run_batch(sync, payload, entity: str) -> Response:
    try:
        rows = services.batch_rows(payload, entity=entity)
        report = sync(rows=rows)
    except services.BatchTooLarge as exc:
        raise PayloadTooLarge(str(exc)) from None
    return Response(report.as_dict())


class ProductSyncView(APIView):
    @extend_schema(
        summary="Upsert products (with price and stock) by external_id",
        request=serializers.ProductBatchDoc,
        responses=serializers.SyncReportDoc,
    )
    def post(self, request):
        return _run_batch(services.product_bulk_sync, _sync_payload(request), "products")


class OrderSyncView(APIView):
    @extend_schema(
        summary="Upsert orders (with their lines) by external_id",
        request=serializers.OrderBatchDoc,
        responses=serializers.SyncReportDoc,
    )
    def post(self, request):
        return _run_batch(services.order_bulk_sync, _sync_payload(request), "orders")


class CompanySyncView(APIView):
    @extend_schema(
        summary="Set company info (fields left out keep their value)",
        request=serializers.CompanyDoc,
        responses=serializers.SyncReportDoc,
    )
    def put(self, request):
        report = services.company_info_sync(data=_sync_payload(request))
        if report.errors:
            raise ValidationError(report.errors[0].errors)
        return Response(report.as_dict())


def _flag(request, name: str) -> bool:
    return request.query_params.get(name, "").lower() in ("1", "true", "yes", "on")


class ProductListView(generics.ListAPIView):
    serializer_class = serializers.ProductOutSerializer

    @extend_schema(
        summary="List products, or search them with ?q=",
        parameters=[
            OpenApiParameter("q", str, description="Search words (typo tolerant, best match first)"),
            OpenApiParameter("category", str, description="Exact category (case-insensitive)"),
            OpenApiParameter("in_stock", bool, description="Only products in stock"),
            OpenApiParameter("external_id", str, description="The shop's own id"),
        ],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        query = params.get("q", "").strip()[:200]
        category = params.get("category", "").strip() or None
        if query:
            return selectors.ProductSearchResults(
                query=query,
                in_stock_only=_flag(self.request, "in_stock"),
                filters={"category": category} if category else None,
            )
        return selectors.product_list(
            category=category,
            in_stock_only=_flag(self.request, "in_stock"),
            external_id=params.get("external_id") or None,
        )

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        hits = [item if isinstance(item, ProductHit) else selectors.product_hits([item])[0] for item in page]
        return self.get_paginated_response(self.get_serializer(hits, many=True).data)


class ProductDetailView(APIView):
    @extend_schema(summary="One product", responses=serializers.ProductOutSerializer)
    def get(self, request, pk: int):
        hit = selectors.product_get(product_id=pk)
        if hit is None:
            raise exceptions.NotFound(_("No product with id %(id)s.") % {"id": pk})
        return Response(serializers.ProductOutSerializer(hit).data)


def _moment(request, name: str) -> datetime | None:
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return None
    try:
        moment = parse_datetime(raw)
        if moment is None and parse_date(raw) is not None:
            moment = datetime.combine(parse_date(raw), time(0, 0))
    except ValueError:
        moment = None
    if moment is None:
        raise ValidationError({name: _("Use an ISO date or date-time, e.g. 2026-03-01.")})
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


class OrderListView(generics.ListAPIView):
    serializer_class = serializers.OrderOutSerializer

    @extend_schema(
        summary="Orders, newest first",
        parameters=[
            OpenApiParameter("status", str, enum=Order.Status.values),
            OpenApiParameter("since", OpenApiTypes.DATETIME, description="created_at ≥ since"),
            OpenApiParameter("until", OpenApiTypes.DATETIME, description="created_at < until"),
            OpenApiParameter("customer_id", int),
        ],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        status = params.get("status") or None
        if status and status not in Order.Status.values:
            raise ValidationError({"status": _("Use one of: %(s)s.") % {"s": ", ".join(Order.Status.values)}})
        customer = params.get("customer_id") or None
        if customer is not None and not customer.isdigit():
            raise ValidationError({"customer_id": _("Must be a whole number.")})
        return selectors.order_list(
            status=status,
            since=_moment(self.request, "since"),
            until=_moment(self.request, "until"),
            customer_id=int(customer) if customer else None,
        )


class OrderDetailView(APIView):
    @extend_schema(summary="One order with its lines", responses=serializers.OrderOutSerializer)
    def get(self, request, pk: int):
        order = selectors.order_get(order_id=pk)
        if order is None:
            raise exceptions.NotFound(_("No order with id %(id)s.") % {"id": pk})
        return Response(serializers.OrderOutSerializer(order).data)


class CompanyView(APIView):
    @extend_schema(
        summary="Company info: contact, working hours, policies", responses=serializers.CompanyOutSerializer
    )
    def get(self, request):
        return Response(serializers.CompanyOutSerializer(selectors.company_info_get()).data)
