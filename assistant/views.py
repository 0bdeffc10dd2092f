"""Owner dashboard: the assistant chat (with its SSE stream) and the analytics page.

Every view needs a logged-in owner of this tenant and the assistant feature; the session id in
a URL is looked up in the current schema only, so another tenant's id is simply not found.
"""

import uuid
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from assistant import charts, chat, selectors, services
from assistant.analytics import local_today
from assistant.periods import Period, same_period_last_year
from assistant.stream import event_stream
from assistant.templatetags.assistant_tags import eur
from config.api import error_response
from features.gates import feature_required

MAX_RANGE_DAYS = 731
STREAM_SECONDS = 60.0  # the page reconnects with its cursor after this


def _session_or_404(public_id: str):
    try:
        session = selectors.session_get(public_id=uuid.UUID(str(public_id)))
    except ValueError:
        session = None
    if session is None:
        raise Http404(_("No such conversation."))
    return session


@login_required
@feature_required("assistant")
def chat_page(request):
    current = None
    if request.GET.get("s"):
        current = _session_or_404(request.GET["s"])
    return render(
        request,
        "assistant/chat.html",
        {
            "sessions": selectors.session_list(),
            "current": current,
            "messages_list": list(current.messages.all()) if current else [],
        },
    )


@login_required
@feature_required("assistant")
@require_POST
def session_new(request):
    session = services.session_create(user=request.user)
    return redirect(f"/assistant/?s={session.public_id}")


@login_required
@feature_required("assistant")
@require_POST
def message_create(request, public_id):
    session = _session_or_404(public_id)
    try:
        message = chat.message_post(session=session, content=request.POST.get("content", ""))
    except ValidationError as exc:
        return error_response(400, "; ".join(exc.messages), code="validation_error")
    return JsonResponse(
        {
            "message_id": message.pk,
            "stream_url": f"/assistant/sessions/{session.public_id}/stream/?after={message.pk}",
        },
        status=202,
    )


@login_required
@feature_required("assistant")
@require_GET
def message_stream(request, public_id):
    session = _session_or_404(public_id)
    try:
        cursor = max(0, int(request.GET.get("after", "0")))
    except ValueError:
        return error_response(400, _("'after' must be a message id."), code="validation_error")
    response = StreamingHttpResponse(
        event_stream(
            schema=connection.schema_name,
            session_pk=session.pk,
            public_id=str(session.public_id),
            cursor=cursor,
            max_seconds=STREAM_SECONDS,
        ),
        content_type="text/event-stream",
    )
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response


def _range(request, today: date) -> tuple[date, date] | None:
    try:
        days = int(request.GET.get("days", "30"))
        start = date.fromisoformat(request.GET["from"]) if request.GET.get("from") else None
        end = date.fromisoformat(request.GET["to"]) if request.GET.get("to") else today
    except ValueError:
        return None
    start = start or end - timedelta(days=max(1, min(days, MAX_RANGE_DAYS)) - 1)
    if start > end or (end - start).days >= MAX_RANGE_DAYS:
        return None
    return start, end


def _comparison(current: Period, previous: Period) -> dict:
    a = selectors.period_summary(start=current.start, end=current.end)
    b = selectors.period_summary(start=previous.start, end=previous.end)
    revenue_a, revenue_b = Decimal(a["revenue"]), Decimal(b["revenue"])
    change = None if not revenue_b else ((revenue_a - revenue_b) / revenue_b * 100).quantize(Decimal("0.1"))
    return {"current": current, "previous": previous, "a": a, "b": b, "change": change}


@login_required
@feature_required("assistant")
def analytics_page(request):
    today = local_today()
    bounds = _range(request, today)
    if bounds is None:
        return render(
            request,
            "assistant/analytics.html",
            {"error": _("Choose a valid range of at most two years.")},
            status=400,
        )
    start, end = bounds
    series = selectors.daily_series(start=start, end=end)
    monday = today - timedelta(days=today.weekday())
    this_week = Period(monday, today, "this_week")
    this_month = Period(today.replace(day=1), today, "this_month")
    top = selectors.product_sales(start=start, end=end, limit=10)
    context = {
        "start": start,
        "end": end,
        "summary": selectors.period_summary(start=start, end=end),
        "series": series,
        "week": _comparison(this_week, this_week.previous()),
        "month": _comparison(this_month, same_period_last_year(this_month)),
        "top": top,
        "revenue_chart": mark_safe(
            charts.line_chart([(d["day"], d["revenue"]) for d in series], title=_("Revenue per day"), fmt=eur)
        ),
        "orders_chart": mark_safe(
            charts.line_chart(
                [(d["day"], d["orders_count"]) for d in series],
                title=_("Orders per day"),
                color="#1d4ed8",
                fmt=lambda v: f"{v:.0f}",
            )
        ),
        "cart_chart": mark_safe(
            charts.line_chart(
                [(d["day"], d["avg_cart"]) for d in series], title=_("Average cart"), color="#b45309", fmt=eur
            )
        ),
        "top_chart": mark_safe(
            charts.bar_chart(
                [(p["name"] or "–", p["revenue"]) for p in top], title=_("Top products"), fmt=eur
            )
        ),
    }
    return render(request, "assistant/analytics.html", context)
