"""Booking data (tenant schema): SERVICES, STAFF_RESOURCES, AVAILABILITY_RULES, BOOKINGS + imported busy time.

No double booking, ever: PostgreSQL itself refuses two active bookings of one staff member whose
[slot_from, slot_to) ranges overlap (exclusion constraint with btree_gist, which lives in the
public schema every tenant's search_path includes). Application checks only make the refusal
friendlier; the constraint is what holds under concurrency.
"""

import secrets

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeBoundary, RangeOperators
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Func, Q
from django.utils.translation import gettext_lazy as _

from accounts import crypto


class TsTzRange(Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


class Service(models.Model):
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    duration_min = models.PositiveIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(5), MaxValueValidator(24 * 60)]
    )
    price = models.DecimalField(_("price"), max_digits=10, decimal_places=2, default=0)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


def new_ical_token() -> str:
    return crypto.encrypt(secrets.token_urlsafe(24))


class StaffResource(models.Model):
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    services = models.ManyToManyField(Service, related_name="staff", blank=True, verbose_name=_("services"))
    active = models.BooleanField(_("active"), default=True)
    # Secret of the staff member's iCal feed URL, encrypted at rest (accounts.crypto); the owner
    # can see the URL again, so it is not a one-way hash.
    ical_token = models.CharField(max_length=300, default=new_ical_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def ical_secret(self) -> str:
        return crypto.decrypt(self.ical_token)


class AvailabilityRule(models.Model):
    """Rules of the account (staff is null, at most one) or of one staff member (at most one each)."""

    staff = models.OneToOneField(
        StaffResource, null=True, blank=True, on_delete=models.CASCADE, related_name="availability"
    )
    rules = models.JSONField(_("rules"), default=dict, blank=True)  # format: booking/rules.py
    calendar_sync = models.URLField(_("external calendar (ICS URL)"), max_length=1000, blank=True)
    last_synced_at = models.DateTimeField(null=True, blank=True)
    sync_error = models.CharField(max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("availability rules")
        verbose_name_plural = _("availability rules")
        constraints = [
            # At most one account-level row (staff NULL): NULLs count as equal here.
            models.UniqueConstraint(
                fields=["staff"], nulls_distinct=False, name="booking_one_rule_per_owner"
            ),
        ]

    def __str__(self) -> str:
        return f"Rules for {self.staff or 'account'}"


class ExternalBusy(models.Model):
    """Busy time imported from an external calendar (calendar_sync); blocks slots like a booking."""

    rule = models.ForeignKey(AvailabilityRule, on_delete=models.CASCADE, related_name="busy")
    # Null = the account-level calendar: blocks every staff member.
    staff = models.ForeignKey(StaffResource, null=True, blank=True, on_delete=models.CASCADE)
    start = models.DateTimeField()
    end = models.DateTimeField()
    summary = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["start"]
        indexes = [models.Index(fields=["staff", "start"])]


class BookingStatus(models.TextChoices):
    PENDING = "pending", _("Pending")  # held, awaiting the owner's confirmation
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")  # the only status that frees the slot
    COMPLETED = "completed", _("Completed")
    NO_SHOW = "no_show", _("No-show")


ACTIVE_STATUSES = (
    BookingStatus.PENDING,
    BookingStatus.CONFIRMED,
    BookingStatus.COMPLETED,
    BookingStatus.NO_SHOW,
)


class BookingSource(models.TextChoices):
    WEB = "web", _("Booking page")
    CHATBOT = "chatbot", _("Chatbot")
    ASSISTANT = "assistant", _("Assistant")


def new_manage_token() -> str:
    return secrets.token_urlsafe(18)


class Booking(models.Model):
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="bookings")
    staff = models.ForeignKey(StaffResource, on_delete=models.PROTECT, related_name="bookings")
    customer_name = models.CharField(_("name"), max_length=200)
    customer_email = models.EmailField(_("email"), blank=True)
    customer_phone = models.CharField(_("phone"), max_length=40, blank=True)
    customer_timezone = models.CharField(_("time zone"), max_length=64, blank=True)
    marketing_consent = models.BooleanField(_("marketing consent"), default=False)
    language = models.CharField(_("language"), max_length=5, default="sl")  # of the customer's emails
    notes = models.TextField(_("notes"), blank=True)
    slot_from = models.DateTimeField(_("from"))
    slot_to = models.DateTimeField(_("to"))
    status = models.CharField(
        _("status"), max_length=20, choices=BookingStatus.choices, default=BookingStatus.CONFIRMED
    )
    source = models.CharField(_("source"), max_length=20, choices=BookingSource.choices)
    # Part of the signed manage link; rotating it invalidates links already sent.
    manage_token = models.CharField(max_length=40, default=new_manage_token, editable=False)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["slot_from", "id"]
        indexes = [models.Index(fields=["staff", "slot_from"]), models.Index(fields=["slot_from"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(slot_to__gt=models.F("slot_from")), name="booking_ends_after_start"
            ),
            ExclusionConstraint(
                name="booking_no_overlap_per_staff",
                expressions=[
                    (TsTzRange("slot_from", "slot_to", RangeBoundary()), RangeOperators.OVERLAPS),
                    ("staff", RangeOperators.EQUAL),
                ],
                condition=~Q(status=BookingStatus.CANCELLED),
                violation_error_code="slot_taken",
                violation_error_message=_("This slot was just taken."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} · {self.staff} · {self.slot_from:%Y-%m-%d %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.status != BookingStatus.CANCELLED
