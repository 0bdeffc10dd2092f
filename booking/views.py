"""Owner dashboard /booking/ (thin): week of bookings, services, staff, rules editor, cancel/reschedule."""

from __future__ import annotations

import functools
import json
from datetime import date, datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from booking import links, selectors, services
from booking.forms import RescheduleForm, RulesForm, ServiceForm, StaffForm
from booking.models import AvailabilityRule, Booking, Service, StaffResource
from features.gates import feature_required


def owner_view(func):
    """Login + booking feature; times on the page are shown in the shop's time zone."""

    @functools.wraps(func)
    def in_shop_zone(request, *args, **kwargs):
        with timezone.override(selectors.shop_timezone()):
            return func(request, *args, **kwargs)

    return login_required(feature_required("booking")(in_shop_zone))


@owner_view
def index(request):
    tz = selectors.shop_timezone()
    try:
        week_day = date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        week_day = timezone.now().astimezone(tz).date()
    monday = week_day - timedelta(days=week_day.weekday())
    start = datetime.combine(monday, datetime.min.time(), tzinfo=tz)
    end = start + timedelta(days=7)
    days = []
    bookings = list(selectors.booking_list(start=start, end=end))
    busy = list(selectors.external_busy_list(start=start, end=end))
    for offset in range(7):
        day = monday + timedelta(days=offset)
        days.append(
            {
                "date": day,
                "bookings": [b for b in bookings if b.slot_from.astimezone(tz).date() == day],
                "busy": [
                    x for x in busy if x.start.astimezone(tz).date() <= day <= x.end.astimezone(tz).date()
                ],
            }
        )
    return render(
        request,
        "booking/dashboard/index.html",
        {
            "days": days,
            "monday": monday,
            "previous_week": monday - timedelta(days=7),
            "next_week": monday + timedelta(days=7),
            "shop_tz": str(tz),
            "service_count": selectors.service_list(active_only=False).count(),
            "staff_count": selectors.staff_list(active_only=False).count(),
        },
    )


@owner_view
def service_list(request, pk: int | None = None):
    instance = get_object_or_404(Service, pk=pk) if pk else None
    form = ServiceForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_save(service=instance, **form.cleaned_data)
        except services.BookingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Service saved."))
            return redirect("booking-services")
    return render(
        request,
        "booking/dashboard/services.html",
        {"form": form, "instance": instance, "services": selectors.service_list(active_only=False)},
        status=400 if form.errors else 200,
    )


@owner_view
def staff_list(request, pk: int | None = None):
    instance = get_object_or_404(StaffResource, pk=pk) if pk else None
    initial = (
        {
            "name": instance.name,
            "email": instance.email,
            "active": instance.active,
            "services": instance.services.all(),
        }
        if instance
        else {"active": True}
    )
    form = StaffForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.staff_save(staff=instance, **form.cleaned_data)
        messages.success(request, _("Staff member saved."))
        return redirect("booking-staff")
    members = [{"staff": m, "feed_url": links.feed_url(m)} for m in selectors.staff_list(active_only=False)]
    return render(
        request,
        "booking/dashboard/staff.html",
        {"form": form, "instance": instance, "members": members},
        status=400 if form.errors else 200,
    )


@owner_view
def rules_edit(request, staff_id: int | None = None):
    staff = get_object_or_404(StaffResource, pk=staff_id) if staff_id else None
    row = AvailabilityRule.objects.filter(staff=staff).first()
    initial = {
        "rules": json.dumps(row.rules if row else {}, indent=2, ensure_ascii=False),
        "calendar_sync": row.calendar_sync if row else "",
    }
    form = RulesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.rules_save(
                rules=form.cleaned_data["rules"],
                staff=staff,
                calendar_sync=form.cleaned_data["calendar_sync"],
            )
        except services.BookingError as exc:
            form.add_error("calendar_sync", str(exc))
        else:
            messages.success(request, _("Rules saved."))
            return redirect(request.path)
    return render(
        request,
        "booking/dashboard/rules.html",
        {"form": form, "staff": staff, "row": row, "members": selectors.staff_list(active_only=False)},
        status=400 if form.errors else 200,
    )


@owner_view
@require_POST
def rules_sync(request, staff_id: int | None = None):
    from booking.sync import CalendarSyncError, calendar_sync_run

    staff = get_object_or_404(StaffResource, pk=staff_id) if staff_id else None
    row = get_object_or_404(AvailabilityRule, staff=staff)
    try:
        count = calendar_sync_run(rule=row)
    except CalendarSyncError as exc:
        messages.error(request, _("Calendar sync failed: %(error)s") % {"error": exc})
    else:
        messages.success(request, _("Imported %(count)d busy periods.") % {"count": count})
    return redirect("booking-staff-rules", staff_id=staff_id) if staff_id else redirect("booking-rules")


@owner_view
@require_POST
def booking_cancel(request, pk: int):
    try:
        services.booking_cancel(booking=get_object_or_404(Booking, pk=pk))
    except services.BookingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Booking cancelled."))
    target = request.POST.get("next", "")
    # Only our own pages: a crafted "next" must not turn this into an open redirect.
    return redirect(target if target.startswith("/booking/") and "//" not in target else "booking-index")


@owner_view
@require_POST
def booking_confirm(request, pk: int):
    try:
        services.booking_confirm(booking=get_object_or_404(Booking, pk=pk))
    except services.BookingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Booking confirmed."))
    return redirect("booking-index")


@owner_view
def booking_reschedule(request, pk: int):
    booking = get_object_or_404(Booking.objects.select_related("service", "staff"), pk=pk)
    tz = selectors.shop_timezone()
    form = RescheduleForm(request.GET or None)
    slots = []
    if form.is_valid():
        slots = selectors.available_slots(
            service=booking.service,
            day=form.cleaned_data["day"],
            staff=booking.staff,
            exclude_booking_id=booking.pk,
        )
    error = ""
    if request.method == "POST":
        try:
            start = datetime.fromisoformat(request.POST.get("start", ""))
            services.booking_reschedule(booking=booking, start=start)
        except services.BookingError as exc:
            error = str(exc)
        except ValueError:
            error = _("Choose a valid time.")
        else:
            messages.success(request, _("Booking moved."))
            return redirect("booking-index")
    return render(
        request,
        "booking/dashboard/reschedule.html",
        {
            "booking": booking,
            "form": form,
            "slots": [(s.start.isoformat(), s.local(tz).strftime("%H:%M")) for s in slots],
            "error": error,
            "local_start": booking.slot_from.astimezone(tz),
        },
        status=400 if error else 200,
    )
