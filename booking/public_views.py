"""Public booking surfaces on the tenant host (no login): booking page, manage link, staff iCal feed."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from booking import ics, links, selectors, services
from booking.forms import ContactForm, PickForm
from booking.models import BookingSource, BookingStatus, StaffResource
from features.selectors import is_enabled


def _gate(request) -> None:
    if not is_enabled(getattr(request, "tenant", None), "booking"):
        raise Http404(_("This feature is not enabled for this account."))


def _slot_choices(slots, tz, customer_tz: str) -> list[tuple[str, str]]:
    shown = customer_tz if customer_tz and selectors.valid_timezone(customer_tz) else str(tz)
    return [(slot.start.isoformat(), slot.local(shown).strftime("%H:%M")) for slot in slots]


def book(request):
    """Pick service, staff (or anyone) and day (GET), then a time and contact (POST) → confirmed."""
    _gate(request)
    tz = selectors.shop_timezone()
    service_qs = list(selectors.service_list())
    source = request.POST if request.method == "POST" else request.GET
    chosen = next((s for s in service_qs if str(s.pk) == source.get("service")), None)
    # Once a service is chosen, only the staff who offer it can be picked.
    pick = PickForm(source or None, services=service_qs, staff=selectors.staff_list(service=chosen))
    context = {"pick": pick, "services": service_qs, "shop_tz": str(tz), "slots": [], "contact": None}
    if not pick.is_bound:
        pick.initial = {"day": timezone.now().astimezone(tz).date() + timedelta(days=1)}
        return render(request, "booking/public/book.html", context)
    if not pick.is_valid():
        return render(
            request, "booking/public/book.html", context, status=400 if request.method == "POST" else 200
        )
    service = next(s for s in service_qs if s.pk == pick.cleaned_data["service"])
    staff_value = pick.cleaned_data["staff"] or "any"
    staff = (
        StaffResource.objects.filter(pk=int(staff_value), active=True).first()
        if staff_value != "any"
        else None
    )
    if staff_value != "any" and staff is None:
        raise Http404(_("No such staff member."))
    customer_tz = pick.cleaned_data["tz"]
    slots = selectors.available_slots(service=service, day=pick.cleaned_data["day"], staff=staff)
    choices = _slot_choices(slots, tz, customer_tz)
    contact = ContactForm(request.POST if request.method == "POST" else None, slot_choices=choices)
    context.update(service=service, slots=slots, contact=contact, customer_tz=customer_tz or str(tz))
    if request.method != "POST":
        return render(request, "booking/public/book.html", context)
    if not contact.is_valid():
        return render(request, "booking/public/book.html", context, status=400)
    values = contact.cleaned_data
    try:
        booking = services.booking_create(
            service=service,
            staff=staff,
            start=values["start"],
            customer_name=values["customer_name"],
            customer_email=values["customer_email"],
            customer_phone=values["customer_phone"],
            customer_timezone=customer_tz if selectors.valid_timezone(customer_tz or "") else "",
            marketing_consent=values["marketing_consent"],
            notes=values["notes"],
            language=translation.get_language() or "sl",
            source=BookingSource.WEB,
        )
    except services.SlotUnavailable as exc:
        # Someone was faster (409), or the time was never free (400): offer what is free now.
        fresh = selectors.available_slots(service=service, day=pick.cleaned_data["day"], staff=staff)
        context["contact"] = ContactForm(
            request.POST, slot_choices=_slot_choices(fresh, tz, customer_tz), initial=values
        )
        context.update(
            slots=fresh, taken=str(exc), alternatives=_slot_choices(exc.alternatives, tz, customer_tz)
        )
        status = 409 if isinstance(exc, services.SlotTaken) else 400
        return render(request, "booking/public/book.html", context, status=status)
    except services.BookingError as exc:
        context["error"] = str(exc)
        return render(request, "booking/public/book.html", context, status=400)
    return redirect("booking-done", token=links.manage_token(booking))


def _booking_or_404(token: str):
    booking = links.booking_from_manage_token(token)
    if booking is None:
        raise Http404(_("This link is not valid."))
    return booking


def _local(booking, tz):
    zone = booking.customer_timezone or str(tz)
    return booking.slot_from.astimezone(ZoneInfo(zone)), zone


def done(request, token: str):
    _gate(request)
    booking = _booking_or_404(token)
    tz = selectors.shop_timezone()
    local, zone = _local(booking, tz)
    return render(
        request,
        "booking/public/done.html",
        {"booking": booking, "local_start": local, "zone": zone, "manage_url": links.manage_url(booking)},
    )


def manage(request, token: str):
    """The customer's signed link: see the booking, cancel it, or move it to another free time."""
    _gate(request)
    booking = _booking_or_404(token)
    tz = selectors.shop_timezone()
    context: dict = {"booking": booking, "token": token}
    day_value = request.POST.get("day") or request.GET.get("day")
    movable = booking.status in (BookingStatus.PENDING, BookingStatus.CONFIRMED)
    if movable and day_value:
        try:
            day = datetime.strptime(day_value, "%Y-%m-%d").date()
        except ValueError:
            context["error"] = _("Choose a valid day.")
        else:
            slots = selectors.available_slots(
                service=booking.service, day=day, staff=booking.staff, exclude_booking_id=booking.pk
            )
            context.update(day=day, slots=_slot_choices(slots, tz, booking.customer_timezone))
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "cancel":
                services.booking_cancel(booking=booking)
                return redirect("booking-manage", token=token)
            if action == "reschedule":
                start = datetime.fromisoformat(request.POST.get("start", ""))
                services.booking_reschedule(booking=booking, start=start)
                return redirect("booking-manage", token=token)
            context["error"] = _("Unknown action.")
        except ValueError as exc:  # BookingError, SlotUnavailable, bad datetime
            context["error"] = (
                str(exc) if isinstance(exc, services.BookingError) else _("Choose a valid time.")
            )
    local, zone = _local(booking, tz)
    context.update(local_start=local, zone=zone, movable=movable)
    return render(request, "booking/public/manage.html", context, status=400 if context.get("error") else 200)


@require_GET
def staff_feed(request, staff_id: int, secret: str):
    """A staff member's bookings as a subscribable iCal feed; the URL's secret is the only key."""
    _gate(request)
    staff = StaffResource.objects.filter(pk=staff_id).first()
    if staff is None or not links.feed_secret_matches(staff, secret):
        raise Http404(_("No such calendar."))
    body = ics.staff_feed(
        staff,
        selectors.staff_feed_bookings(staff),
        schema_name=request.tenant.schema_name,
        shop_name=request.tenant.name,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response
