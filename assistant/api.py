"""Assistant REST API (/api/v1/assistant/): traffic ingest, daily analytics, rollup, actions (read).

Authentication is the project default (an API key of this account, or the owner's session).
There is deliberately no API route that approves, edits or executes an action: only the owner
decides, in the dashboard.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from assistant import selectors, services
from assistant.analytics import MAX_BACKFILL_DAYS, local_today
from assistant.tasks import analytics_backfill_task
from features.gates import feature_permission

MAX_READ_DAYS = 731


def _dates(data, *, default_days: int) -> tuple[date, date]:
    try:
        end = date.fromisoformat(data["to"]) if data.get("to") else local_today()
        start = date.fromisoformat(data["from"]) if data.get("from") else None
    except (TypeError, ValueError):
        raise ValidationError({"from": _("Give dates as YYYY-MM-DD.")}) from None
    start = start or date.fromordinal(end.toordinal() - default_days + 1)
    if start > end:
        raise ValidationError({"from": _("'from' must not be after 'to'.")})
    return start, end


def _row(row) -> dict:
    return {
        "day": row.day.isoformat(),
        "revenue": str(row.revenue),
        "orders_count": row.orders_count,
        "avg_cart": None if row.avg_cart is None else str(row.avg_cart),
        "conversion": None if row.conversion is None else str(row.conversion),
        "visits": row.visits,
        "abandoned_carts": row.abandoned_carts,
        "refunds_count": row.refunds_count,
        "refunds_amount": str(row.refunds_amount),
        "cancelled_count": row.cancelled_count,
        "top_products": row.top_products,
        "computed_at": row.computed_at.isoformat(),
    }


class TrafficIngestView(APIView):
    permission_classes = [IsAuthenticated, feature_permission("assistant")]

    @extend_schema(
        summary="Ingest visits and abandoned carts per local day (upsert)", request=None, responses=None
    )
    def post(self, request):
        if not isinstance(request.data, dict):
            raise ValidationError(_('Expected a JSON object {"days": [...]}.'))
        return Response(services.traffic_ingest(days=request.data.get("days")))


class AnalyticsDailyView(APIView):
    permission_classes = [IsAuthenticated, feature_permission("assistant")]

    @extend_schema(summary="Daily analytics rows for a range (default: the last 30 days)", responses=None)
    def get(self, request):
        start, end = _dates(request.query_params, default_days=30)
        if (end - start).days >= MAX_READ_DAYS:
            raise ValidationError({"from": _("At most %(days)d days per request.") % {"days": MAX_READ_DAYS}})
        rows = selectors.analytics_days(start=start, end=end)
        return Response({"from": start.isoformat(), "to": end.isoformat(), "days": [_row(r) for r in rows]})


class AnalyticsRollupView(APIView):
    permission_classes = [IsAuthenticated, feature_permission("assistant")]

    @extend_schema(
        summary="Recompute (backfill) a range of days; queued as a task", request=None, responses=None
    )
    def post(self, request):
        data = request.data if isinstance(request.data, dict) else {}
        start, end = _dates(data, default_days=1)
        if (end - start).days + 1 > MAX_BACKFILL_DAYS:
            raise ValidationError(
                {"from": _("At most %(days)d days per rollup.") % {"days": MAX_BACKFILL_DAYS}}
            )
        result = analytics_backfill_task.delay(start.isoformat(), end.isoformat())
        return Response({"from": start.isoformat(), "to": end.isoformat(), "task_id": result.id}, status=202)


class ActionListView(APIView):
    permission_classes = [IsAuthenticated, feature_permission("assistant")]

    @extend_schema(
        summary="Assistant actions (read-only; the owner decides in the dashboard)", responses=None
    )
    def get(self, request):
        status = request.query_params.get("status")
        return Response(
            {
                "actions": [
                    {
                        "id": a.pk,
                        "action_type": a.action_type,
                        "status": a.status,
                        "summary": a.summary,
                        "payload": a.payload,
                        "result": a.result,
                        "error": a.error,
                        "created_at": a.created_at.isoformat(),
                        "approved_at": a.approved_at.isoformat() if a.approved_at else None,
                        "executed_at": a.executed_at.isoformat() if a.executed_at else None,
                    }
                    for a in selectors.action_list(status=status)
                ]
            }
        )
