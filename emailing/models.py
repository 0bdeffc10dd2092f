"""Email campaigns (EMAIL_DRAFTS of the seed) and the marketing-consent record of subscribers.

A draft moves draft → approved → sent. `sending` is an extra, short-lived state: the send task
commits it (with a claim token) *before* calling Sendy, so no other worker, retry or double click
can call Sendy for the same draft at the same time. A failed send returns the draft to `approved`
with `last_error`; an unknown outcome (Sendy may or may not have created the campaign) stays in
`sending` with `outcome_unknown` until the owner resolves it — never resent blindly.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignType(models.TextChoices):
    NEW_PRODUCTS = "new_products", _("New products")
    BACK_IN_STOCK = "back_in_stock", _("Back in stock")
    SALE = "sale", _("Sale")
    SEASONAL = "seasonal", _("Seasonal")
    NEWSLETTER = "newsletter", _("Newsletter")
    ABANDONED_CART = "abandoned_cart", _("Abandoned-cart follow-up")


class DraftStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")


class SendMode(models.TextChoices):
    SEND = "send", _("Send now")
    SCHEDULE = "schedule", _("Schedule")
    SENDY_DRAFT = "sendy_draft", _("Create as draft in Sendy")


class EmailDraft(models.Model):
    type = models.CharField(_("type"), max_length=20, choices=CampaignType.choices)
    language = models.CharField(
        _("language"), max_length=2, choices=[("sl", "Slovenščina"), ("en", "English")]
    )
    subject = models.CharField(_("subject"), max_length=200)
    preheader = models.CharField(_("preheader"), max_length=250, blank=True)
    body_html = models.TextField(_("HTML body"))  # sanitised on every write
    body_text = models.TextField(_("plain-text body"))
    status = models.CharField(
        _("status"), max_length=10, choices=DraftStatus.choices, default=DraftStatus.DRAFT
    )
    product_ids = models.JSONField(_("products used"), default=list, blank=True)
    source = models.CharField(max_length=20, default="dashboard")  # dashboard | api | assistant
    engine = models.CharField(max_length=20, default="offline")  # offline | model name used to draft
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    send_mode = models.CharField(max_length=12, choices=SendMode.choices, default=SendMode.SEND)
    schedule_at = models.DateTimeField(null=True, blank=True)
    # One per draft, forever: it names the campaign in Sendy ("… [gy-<key>]") so a human can always
    # find what one draft created, and it dedupes API creates that pass an Idempotency-Key.
    idempotency_key = models.CharField(max_length=64, unique=True, default=uuid.uuid4)
    claim_token = models.CharField(max_length=36, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    outcome_unknown = models.BooleanField(default=False)
    send_attempts = models.PositiveIntegerField(default=0)
    sendy_campaign_id = models.CharField(_("Sendy campaign id"), max_length=100, blank=True)
    sendy_answer = models.CharField(max_length=200, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("email draft")
        verbose_name_plural = _("email drafts")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.subject} ({self.status})"

    @property
    def campaign_title(self) -> str:
        return f"{self.subject[:150]} [gy-{self.idempotency_key}]"


class DraftEvent(models.Model):
    """History of a draft: created, edited, approved, send requested, sent, failed, resolved."""

    draft = models.ForeignKey(EmailDraft, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30)
    actor = models.CharField(max_length=200, blank=True)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class SubscriberStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to sync")
    SUBSCRIBED = "subscribed", _("Subscribed")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed — not re-added")
    REFUSED = "refused", _("Refused by Sendy")
    FAILED = "failed", _("Failed, will retry")


class Subscriber(models.Model):
    """A marketing-consent record (who, when, what they agreed to, where) and its Sendy sync state."""

    email = models.EmailField(_("email"))
    list_id = models.CharField(max_length=100)
    name = models.CharField(_("name"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=30)  # chatbot | booking | …
    consent_text = models.TextField(_("consent text"))
    consented_at = models.DateTimeField(_("consented at"))
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    status = models.CharField(
        max_length=15, choices=SubscriberStatus.choices, default=SubscriberStatus.PENDING
    )
    sendy_status = models.CharField(max_length=30, blank=True)
    last_error = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    synced_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["email", "list_id"], name="uniq_subscriber_email_list")
        ]

    def __str__(self) -> str:
        return self.email
