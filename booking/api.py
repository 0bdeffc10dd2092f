"""REST API /api/v1/booking/ (thin): services, staff, rules, slots, bookings with cancel/reschedule.

Gated by the booking feature (404 when off). Bookings made here are recorded with source "web"
(integrations book on behalf of the shop's website). A refused slot answers 409 with fresh
alternatives in error.details.alternatives.
"""

from __future__ import annotations

from datetime import UTC

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from booking import selectors, services
from booking.models import Booking, BookingSource, BookingStatus, Service, StaffResource
from booking.rules import RulesError
from config.api import error_body
from features.gates import feature_permission


class BookingAPIView(APIView):
    permission_classes = [IsAuthenticated, feature_permission("booking")]

    def handle_exception(self, exc):
        if isinstance(exc, services.SlotUnavailable):
            tz = str(selectors.shop_timezone())
            details = {"alternatives": [slot.as_dict(shop_tz=tz) for slot in exc.alternatives]}
            code = 409 if isinstance(exc, services.SlotTaken) else 400
            return Response(error_body(exc.code, str(exc), details), status=code)
        if isinstance(exc, services.BookingError):
            return Response(error_body(exc.code, str(exc)), status=400)
        if isinstance(exc, RulesError):
            return Response(error_body("validation_error", str(exc), {"rules": exc.errors}), status=400)
        return super().handle_exception(exc)


class ServiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Service
        fields = ["id", "name", "description", "duration_min", "price", "active"]


class StaffSerializer(serializers.ModelSerializer):
    services = serializers.PrimaryKeyRelatedField(many=True, queryset=Service.objects.all(), required=False)

    class Meta:
        model = StaffResource
        fields = ["id", "name", "email", "active", "services"]


class BookingOutSerializer(serializers.Serializer):
    """The booking as the API returns it (documentation of booking_data)."""

    id = serializers.IntegerField()
    service = serializers.DictField()
    staff = serializers.DictField()
    slot_from = serializers.DateTimeField(help_text="UTC")
    slot_to = serializers.DateTimeField(help_text="UTC")
    local_from = serializers.DateTimeField(help_text="in the shop's time zone")
    status = serializers.ChoiceField(choices=BookingStatus.choices)
    source = serializers.ChoiceField(choices=BookingSource.choices)
    customer_name = serializers.CharField()
    customer_email = serializers.CharField()
    customer_phone = serializers.CharField()
    customer_timezone = serializers.CharField()
    marketing_consent = serializers.BooleanField()
    notes = serializers.CharField()
    created_at = serializers.DateTimeField()


def _utc(value) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def booking_data(booking: Booking) -> dict:
    tz = selectors.shop_timezone()
    return {
        "id": booking.pk,
        "service": {"id": booking.service_id, "name": booking.service.name},
        "staff": {"id": booking.staff_id, "name": booking.staff.name},
        "slot_from": _utc(booking.slot_from),
        "slot_to": _utc(booking.slot_to),
        "local_from": booking.slot_from.astimezone(tz).isoformat(),
        "status": booking.status,
        "source": booking.source,
        "customer_name": booking.customer_name,
        "customer_email": booking.customer_email,
        "customer_phone": booking.customer_phone,
        "customer_timezone": booking.customer_timezone,
        "marketing_consent": booking.marketing_consent,
        "notes": booking.notes,
        "created_at": _utc(booking.created_at),
    }


class ServiceListView(BookingAPIView):
    @extend_schema(
        summary="Bookable services",
        operation_id="booking_services_list",
        responses=ServiceSerializer(many=True),
    )
    def get(self, request):
        qs = selectors.service_list(active_only=request.query_params.get("all") != "1")
        return Response({"results": ServiceSerializer(qs, many=True).data})

    @extend_schema(summary="Create a service", request=ServiceSerializer, responses={201: ServiceSerializer})
    def post(self, request):
        data = ServiceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        service = services.service_save(**data.validated_data)
        return Response(ServiceSerializer(service).data, status=status.HTTP_201_CREATED)


class StaffListView(BookingAPIView):
    @extend_schema(
        summary="Staff (optionally ?service=<id>)",
        operation_id="booking_staff_list",
        responses=StaffSerializer(many=True),
    )
    def get(self, request):
        service_id = request.query_params.get("service")
        service = get_object_or_404(Service, pk=service_id) if service_id and service_id.isdigit() else None
        return Response({"results": StaffSerializer(selectors.staff_list(service=service), many=True).data})

    @extend_schema(summary="Create a staff member", request=StaffSerializer, responses={201: StaffSerializer})
    def post(self, request):
        data = StaffSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        staff = services.staff_save(
            name=values["name"], email=values.get("email", ""), active=values.get("active", True),
            services=values.get("services", []),
        )  # fmt: skip
        return Response(StaffSerializer(staff).data, status=status.HTTP_201_CREATED)


class RulesView(BookingAPIView):
    """GET/PUT the account's rules (no staff id) or one staff member's rules."""

    def _staff(self, staff_id):
        return get_object_or_404(StaffResource, pk=staff_id) if staff_id is not None else None

    @extend_schema(summary="Availability rules (account or staff member)", responses=OpenApiTypes.OBJECT)
    def get(self, request, staff_id=None):
        staff = self._staff(staff_id)
        row = selectors.account_rule() if staff is None else getattr(staff, "availability", None)
        return Response(
            {
                "staff": staff_id,
                "rules": row.rules if row else {},
                "calendar_sync": row.calendar_sync if row else "",
                "last_synced_at": row.last_synced_at.isoformat() if row and row.last_synced_at else None,
            }
        )

    @extend_schema(
        summary="Replace availability rules", request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT
    )
    def put(self, request, staff_id=None):
        staff = self._staff(staff_id)
        rules = request.data.get("rules")
        if not isinstance(rules, dict):
            raise ValidationError({"rules": ["must be a JSON object"]})
        calendar_sync = request.data.get("calendar_sync")
        if calendar_sync is not None and not isinstance(calendar_sync, str):
            raise ValidationError({"calendar_sync": ["must be a URL string"]})
        row = services.rules_save(rules=rules, staff=staff, calendar_sync=calendar_sync)
        return Response({"staff": staff_id, "rules": row.rules, "calendar_sync": row.calendar_sync})


class StaffRulesView(RulesView):
    """The same for one staff member (own operation ids in the schema)."""

    @extend_schema(
        summary="A staff member's rules",
        operation_id="booking_staff_rules_get",
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request, staff_id=None):
        return super().get(request, staff_id)

    @extend_schema(
        summary="Replace a staff member's rules", operation_id="booking_staff_rules_put",
        request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT,
    )  # fmt: skip
    def put(self, request, staff_id=None):
        return super().put(request, staff_id)


class SlotQuery(serializers.Serializer):
    service = serializers.IntegerField()
    day = serializers.DateField()
    staff = serializers.CharField(required=False, default="any")
    tz = serializers.CharField(required=False, default="")

    def validate_tz(self, value):
        if value and not selectors.valid_timezone(value):
            raise serializers.ValidationError("unknown time zone")
        return value

    def validate_staff(self, value):
        if value != "any" and not str(value).isdigit():
            raise serializers.ValidationError('a staff id or "any"')
        return value


def _staff_or_any(value) -> StaffResource | None:
    if value in (None, "", "any"):
        return None
    if not str(value).isdigit():
        raise ValidationError({"staff": ['a staff id or "any"']})
    return get_object_or_404(StaffResource, pk=int(value), active=True)


class SlotListView(BookingAPIView):
    @extend_schema(
        summary="Free start times of a service on a day",
        parameters=[SlotQuery],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        query = SlotQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        values = query.validated_data
        service = get_object_or_404(Service, pk=values["service"], active=True)
        staff = _staff_or_any(values["staff"])
        tz = str(selectors.shop_timezone())
        slots = selectors.available_slots(service=service, day=values["day"], staff=staff)
        return Response(
            {
                "service": service.pk,
                "day": values["day"].isoformat(),
                "timezone": tz,
                "slots": [slot.as_dict(shop_tz=tz, customer_tz=values["tz"] or None) for slot in slots],
            }
        )


class BookingCreate(serializers.Serializer):
    service = serializers.IntegerField()
    staff = serializers.CharField(required=False, allow_null=True, default="any")
    start = serializers.DateTimeField()
    customer_name = serializers.CharField(max_length=200)
    customer_email = serializers.EmailField(required=False, allow_blank=True, default="")
    customer_phone = serializers.CharField(required=False, allow_blank=True, max_length=40, default="")
    customer_timezone = serializers.CharField(required=False, allow_blank=True, max_length=64, default="")
    marketing_consent = serializers.BooleanField(required=False, default=False)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    language = serializers.ChoiceField(choices=["sl", "en"], required=False, default="sl")
    status = serializers.ChoiceField(choices=[BookingStatus.PENDING, BookingStatus.CONFIRMED], required=False,
                                     default=BookingStatus.CONFIRMED)  # fmt: skip


class BookingListView(BookingAPIView):
    @extend_schema(
        summary="Bookings (?from, ?to, ?status)",
        operation_id="booking_bookings_list",
        responses=BookingOutSerializer(many=True),
    )
    def get(self, request):
        params = request.query_params
        start = serializers.DateTimeField().to_internal_value(params["from"]) if params.get("from") else None
        end = serializers.DateTimeField().to_internal_value(params["to"]) if params.get("to") else None
        qs = selectors.booking_list(start=start, end=end)
        if params.get("status"):
            qs = qs.filter(status=params["status"])
        page = self.paginator.paginate_queryset(qs, request, view=self)
        return self.paginator.get_paginated_response([booking_data(b) for b in page])

    @property
    def paginator(self):
        from config.api import Pagination

        if not hasattr(self, "_paginator"):
            self._paginator = Pagination()
        return self._paginator

    @extend_schema(summary="Book (source web)", request=BookingCreate, responses={201: BookingOutSerializer})
    def post(self, request):
        data = BookingCreate(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        service = get_object_or_404(Service, pk=values.pop("service"))
        staff = _staff_or_any(values.pop("staff"))
        booking = services.booking_create(service=service, staff=staff, source=BookingSource.WEB, **values)
        return Response(booking_data(booking), status=status.HTTP_201_CREATED)


class BookingDetailView(BookingAPIView):
    @extend_schema(summary="One booking", responses=BookingOutSerializer)
    def get(self, request, pk: int):
        return Response(
            booking_data(get_object_or_404(Booking.objects.select_related("service", "staff"), pk=pk))
        )


class BookingCancelView(BookingAPIView):
    @extend_schema(summary="Cancel a booking", request=None, responses=BookingOutSerializer)
    def post(self, request, pk: int):
        booking = services.booking_cancel(booking=get_object_or_404(Booking, pk=pk))
        return Response(booking_data(booking))


class BookingConfirmView(BookingAPIView):
    @extend_schema(summary="Confirm a pending booking", request=None, responses=BookingOutSerializer)
    def post(self, request, pk: int):
        booking = services.booking_confirm(booking=get_object_or_404(Booking, pk=pk))
        return Response(booking_data(booking))


class RescheduleInput(serializers.Serializer):
    start = serializers.DateTimeField()
    staff = serializers.IntegerField(required=False, allow_null=True, default=None)


class BookingRescheduleView(BookingAPIView):
    @extend_schema(summary="Move a booking", request=RescheduleInput, responses=BookingOutSerializer)
    def post(self, request, pk: int):
        booking = get_object_or_404(Booking.objects.select_related("service", "staff"), pk=pk)
        data = RescheduleInput(data=request.data)
        data.is_valid(raise_exception=True)
        staff_id = data.validated_data["staff"]
        staff = get_object_or_404(StaffResource, pk=staff_id) if staff_id else None
        booking = services.booking_reschedule(
            booking=booking, start=data.validated_data["start"], staff=staff
        )
        return Response(booking_data(booking))
