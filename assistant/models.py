"""The owner assistant's data in each tenant schema: daily analytics, their ingest sources,
chat sessions and messages, actions awaiting approval, and the owner's remembered facts.

Definitions of every metric are in docs/assistant.md; the rollup is assistant/analytics.py.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AnalyticsDaily(models.Model):
    """ANALYTICS_DAILY: one row per local day (the account's time zone), recomputed idempotently."""

    day = models.DateField(_("day"), unique=True)
    revenue = models.DecimalField(_("revenue"), max_digits=14, decimal_places=2, default=0)
    orders_count = models.IntegerField(_("orders"), default=0)
    # NULL when there were no paid orders: an average of nothing is not zero.
    avg_cart = models.DecimalField(_("average cart"), max_digits=14, decimal_places=2, null=True)
    # NULL unless visits for the day were ingested (DailyTraffic); never estimated.
    conversion = models.DecimalField(_("conversion"), max_digits=9, decimal_places=6, null=True)
    visits = models.IntegerField(_("visits"), null=True)
    abandoned_carts = models.IntegerField(_("abandoned carts"), null=True)
    refunds_count = models.IntegerField(_("refunded orders"), default=0)
    refunds_amount = models.DecimalField(_("refunded amount"), max_digits=14, decimal_places=2, default=0)
    cancelled_count = models.IntegerField(_("cancelled orders"), default=0)
    # [{"product_id", "external_id", "name", "quantity", "revenue"}] top 5 by revenue (revenue as text).
    top_products = models.JSONField(_("top products"), default=list)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("daily analytics")
        verbose_name_plural = _("daily analytics")
        ordering = ["day"]


class DailyTraffic(models.Model):
    """What the shop read source lacks, pushed by the shop platform through the ingest API:
    visits (sessions on the shop's website) and abandoned carts (carts with at least one item
    and no order within the day), per local day. A NULL means "not reported"."""

    day = models.DateField(_("day"), unique=True)
    visits = models.IntegerField(_("visits"), null=True)
    abandoned_carts = models.IntegerField(_("abandoned carts"), null=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["day"]
        constraints = [
            models.CheckConstraint(condition=models.Q(visits__gte=0), name="traffic_visits_not_negative"),
            models.CheckConstraint(
                condition=models.Q(abandoned_carts__gte=0), name="traffic_abandoned_not_negative"
            ),
        ]


class AssistantSession(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_at"]


class AssistantMessage(models.Model):
    class Role(models.TextChoices):
        USER = "user", _("Owner")
        ASSISTANT = "assistant", _("Assistant")

    session = models.ForeignKey(AssistantSession, on_delete=models.CASCADE, related_name="messages")
    role = models.CharField(max_length=20, choices=Role.choices)
    content = models.TextField()
    input_tokens = models.IntegerField(default=0)
    output_tokens = models.IntegerField(default=0)
    tokens = models.IntegerField(default=0)
    tool_calls = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]


class AssistantAction(models.Model):
    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("Suggested")
        APPROVED = "approved", _("Approved")
        EXECUTED = "executed", _("Executed")
        REJECTED = "rejected", _("Rejected")
        FAILED = "failed", _("Failed")

    action_type = models.CharField(_("action"), max_length=50)
    payload = models.JSONField(_("payload"), default=dict)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUGGESTED)
    proposed_by = models.CharField(max_length=100, default="assistant")  # "assistant" or "user:<id>"
    session = models.ForeignKey(AssistantSession, on_delete=models.SET_NULL, null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rejected_at = models.DateTimeField(null=True, blank=True)
    executed_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    attempts = models.IntegerField(default=0)
    # Same proposal twice (e.g. the model repeats itself) yields one action.
    idempotency_key = models.CharField(max_length=100, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "-created_at"])]


class AssistantMemory(models.Model):
    key = models.CharField(_("key"), max_length=100, unique=True)
    value = models.JSONField(_("value"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]
