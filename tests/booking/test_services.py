"""Booking services against real PostgreSQL: the exclusion constraint, statuses, busy time, emails."""

from datetime import UTC, timedelta

import pytest
from django.db import IntegrityError, transaction

from booking import services
from booking.models import Booking, BookingStatus, ExternalBusy
from booking.rules import RulesError
from tests.booking.conftest import OPEN_RULES, ics_events, make_setup


def book(setup, hh, mm=0, staff=0, **kwargs):
    member = setup.staff[staff] if staff is not None else None
    values = {"customer_name": "Ana Novak", "source": "web", **kwargs}
    return services.booking_create(service=setup.service, staff=member, start=setup.at(hh, mm), **values)


def test_database_refuses_overlapping_active_bookings(setup_a):
    first = book(setup_a, 10)
    with pytest.raises(IntegrityError) as info, transaction.atomic():
        Booking.objects.create(
            service=first.service, staff=first.staff, customer_name="X", source="web",
            slot_from=first.slot_from + timedelta(minutes=30), slot_to=first.slot_to + timedelta(minutes=30),
        )  # fmt: skip
    assert "booking_no_overlap_per_staff" in str(info.value)


def test_database_allows_back_to_back_and_other_staff(setup_a):
    book(setup_a, 10)
    book(setup_a, 11)
    book(setup_a, 10, staff=1)
    assert Booking.objects.count() == 3


def test_cancelled_booking_frees_its_slot(setup_a):
    services.booking_cancel(booking=book(setup_a, 10))
    again = book(setup_a, 10)
    assert again.status == BookingStatus.CONFIRMED
    assert Booking.objects.filter(status=BookingStatus.CANCELLED).count() == 1


def test_second_booking_for_same_slot_is_refused_with_alternatives(setup_a):
    book(setup_a, 10)
    with pytest.raises(services.SlotTaken) as info:
        book(setup_a, 10)
    assert str(info.value) in ("This slot was just taken.", "Ta termin je bil pravkar zaseden.")
    starts = [slot.start for slot in info.value.alternatives]
    assert starts and setup_a.at(10) not in starts and setup_a.at(11) in starts


def test_integrity_error_from_a_race_becomes_slot_taken(setup_a, monkeypatch):
    book(setup_a, 10)
    # The friendly pre-check lost the race (another request committed in between): only the
    # database constraint stands between us and a double booking.
    monkeypatch.setattr(services, "_check_slot", lambda **kwargs: None)
    with pytest.raises(services.SlotTaken):
        book(setup_a, 10, 30)
    assert Booking.objects.count() == 1


def test_time_outside_hours_is_unavailable_not_taken(setup_a):
    with pytest.raises(services.SlotUnavailable) as info:
        book(setup_a, 19)
    assert not isinstance(info.value, services.SlotTaken)


def test_time_off_the_grid_is_unavailable(setup_a):
    with pytest.raises(services.SlotUnavailable):
        book(setup_a, 10, 7)


def test_staff_who_does_not_offer_the_service_is_refused(setup_a):
    other = services.service_save(name="Massage", duration_min=30)
    with pytest.raises(services.BookingError, match="does not offer"):
        services.booking_create(
            service=other, staff=setup_a.staff[0], start=setup_a.at(10), customer_name="A", source="web"
        )


def test_any_staff_picks_the_least_booked_member(setup_a):
    book(setup_a, 9, staff=0)
    booking = book(setup_a, 14, staff=None)
    assert booking.staff == setup_a.staff[1]


def test_any_staff_tie_goes_to_lowest_id(setup_a):
    assert book(setup_a, 14, staff=None).staff == setup_a.staff[0]


def test_unknown_source_is_refused(setup_a):
    with pytest.raises(services.BookingError):
        book(setup_a, 10, source="fax")


def test_naive_start_is_refused(setup_a):
    with pytest.raises(services.BookingError):
        services.booking_create(
            service=setup_a.service, staff=None, start=setup_a.at(10).replace(tzinfo=None), customer_name="A",
            source="web",
        )  # fmt: skip


def test_empty_name_is_refused(setup_a):
    with pytest.raises(services.BookingError):
        book(setup_a, 10, customer_name="  ")


def test_external_busy_time_blocks_the_slot(setup_a):
    from booking.models import AvailabilityRule

    rule = AvailabilityRule.objects.get(staff__isnull=True)
    ExternalBusy.objects.create(rule=rule, staff=None, start=setup_a.at(10), end=setup_a.at(10, 30))
    with pytest.raises(services.SlotTaken):
        book(setup_a, 10)


def test_pending_booking_can_be_confirmed_once(setup_a):
    booking = book(setup_a, 10, status="pending")
    services.booking_confirm(booking=booking)
    assert booking.status == "confirmed"
    with pytest.raises(services.BookingError):
        services.booking_confirm(booking=booking)


def test_cancel_twice_is_refused(setup_a):
    booking = services.booking_cancel(booking=book(setup_a, 10))
    with pytest.raises(services.BookingError):
        services.booking_cancel(booking=booking)


def test_reschedule_moves_the_booking(setup_a):
    booking = services.booking_reschedule(booking=book(setup_a, 10), start=setup_a.at(15))
    assert booking.slot_from == setup_a.at(15) and booking.slot_to == setup_a.at(16)


def test_reschedule_into_its_own_overlapping_time_is_allowed(setup_a):
    rules = {**OPEN_RULES, "slot_interval": 30}
    services.rules_save(rules=rules)
    booking = services.booking_reschedule(booking=book(setup_a, 10), start=setup_a.at(10, 30))
    assert booking.slot_from == setup_a.at(10, 30)


def test_reschedule_into_a_taken_slot_is_refused(setup_a):
    book(setup_a, 15)
    booking = book(setup_a, 10)
    with pytest.raises(services.SlotTaken):
        services.booking_reschedule(booking=booking, start=setup_a.at(15))
    booking.refresh_from_db()
    assert booking.slot_from == setup_a.at(10)


def test_invalid_rules_are_refused_naming_the_field(setup_a):
    with pytest.raises(RulesError, match=r"weekly.mon\[0\].end: must be after start"):
        services.rules_save(rules={"weekly": {"mon": [{"start": "10:00", "end": "09:00"}]}})


def test_assistant_service_records_source_assistant(setup_a):
    booking = services.assistant_booking_create(
        service_id=setup_a.service.pk, start=setup_a.at(12), customer_name="Owner's customer"
    )
    assert booking.source == "assistant"
    moved = services.assistant_booking_reschedule(booking_id=booking.pk, start=setup_a.at(13))
    assert moved.slot_from == setup_a.at(13)
    assert services.assistant_booking_cancel(booking_id=booking.pk).status == "cancelled"


def test_confirmation_email_has_a_valid_ics_and_manage_link(
    setup_a, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(setup_a, 10, customer_email="ana@example.com", language="en")
    [message] = mailbox
    assert message.to == ["ana@example.com"]
    assert "/booking/manage/" in message.body
    calendar, [event] = ics_events(message)
    assert str(calendar["method"]) == "REQUEST"
    assert event.decoded("dtstart") == setup_a.at(10)
    assert event.decoded("dtend") == setup_a.at(11)
    assert str(event["uid"]) == f"booking-{booking.pk}@alpha.growiyo-agents"
    assert "Haircut" in str(event["summary"])
    assert message.metadata == {
        "tenant": "alpha",
        "template": "booking_created",
        "language": "en",
        "booking_id": str(booking.pk),
    }


def test_change_and_cancellation_emails(setup_a, mailbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(setup_a, 10, customer_email="ana@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_reschedule(booking=booking, start=setup_a.at(14))
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=Booking.objects.get(pk=booking.pk))
    assert len(mailbox) == 3
    _cal, [moved] = ics_events(mailbox[1])
    assert moved.decoded("dtstart") == setup_a.at(14).astimezone(UTC)
    cancel_cal, [cancelled] = ics_events(mailbox[2])
    assert str(cancel_cal["method"]) == "CANCEL" and str(cancelled["status"]) == "CANCELLED"
    assert str(cancelled["uid"]) == str(moved["uid"])
    assert int(cancelled["sequence"]) >= int(moved["sequence"])


def test_no_email_without_address(setup_a, mailbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        book(setup_a, 10)
    assert mailbox == []


def test_other_tenant_keeps_its_own_bookings(tenant_b, setup_a, in_tenant):
    book(setup_a, 10)
    with in_tenant(tenant_b):
        other = make_setup()
        assert Booking.objects.count() == 0
        services.booking_create(
            service=other.service, staff=other.staff[0], start=other.at(10), customer_name="B", source="web"
        )
        assert Booking.objects.count() == 1


def test_demo_seed_is_idempotent_and_bookable(tenant_a, in_tenant):
    from booking.demo import demo_booking_seed
    from booking.models import Service, StaffResource

    with in_tenant(tenant_a):
        assert demo_booking_seed() == 6
        assert demo_booking_seed() == 0
        assert Service.objects.count() == 3 and StaffResource.objects.count() == 2


def test_seed_command_needs_an_existing_account(tenant_a):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError):
        call_command("seed_booking_demo", slug="nope")
    call_command("seed_booking_demo", slug="alpha")
