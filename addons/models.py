"""The add-on tables of the seed (ADD-ON TABELE), one per add-on, in each tenant schema.

Every JSON column has a pure validator beside the add-on's logic (pricing.py, sizes.py,
finder.py); services call it before writing, so a stored row is always usable by the tools.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SupportTicket(models.Model):
    """SUPPORT_TICKETS (chatbot.support_tickets): a complaint, return or warranty claim."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Resolved")
        REJECTED = "rejected", _("Rejected")

    class Kind(models.TextChoices):
        COMPLAINT = "complaint", _("Complaint")
        RETURN = "return", _("Return")
        WARRANTY = "warranty", _("Warranty claim")

    # SET_NULL: purging an old transcript (GDPR retention) must not delete the owner's ticket.
    session = models.ForeignKey(
        "chatbot.ChatSession", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COMPLAINT)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    issue = models.TextField(_("issue"))
    order_ref = models.CharField(_("order"), max_length=100, blank=True)
    order_found = models.BooleanField(_("order found"), default=False)
    email = models.EmailField(_("email"), blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(max_length=5, default="sl")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("support ticket")
        verbose_name_plural = _("support tickets")
        ordering = ["-created_at"]


class PricingRule(models.Model):
    """PRICING_RULES (chatbot.price_calculator): how to quote one product or category."""

    name = models.CharField(_("name"), max_length=200)
    product = models.ForeignKey(
        "shop.Product", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    category = models.CharField(_("category"), max_length=200, blank=True)
    # Validated by addons.pricing.validate_params: unit, unit_price, minimum_charge, tiers, ...
    params = models.JSONField(_("parameters"), default=dict)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pricing rule")
        verbose_name_plural = _("pricing rules")
        ordering = ["name"]


class SizeChart(models.Model):
    """SIZE_CHARTS (chatbot.size_advisor): body measurement ranges per size for a category."""

    category = models.CharField(_("category"), max_length=200, unique=True)
    # Validated by addons.sizes.validate_chart: {"unit": "cm", "sizes": [{"size": "M", "chest": [96, 104]}]}
    chart = models.JSONField(_("chart"), default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("size chart")
        verbose_name_plural = _("size charts")
        ordering = ["category"]


class StockNotification(models.Model):
    """STOCK_NOTIFICATIONS (chatbot.stock_alerts): one shopper waiting for one product."""

    product = models.ForeignKey("shop.Product", on_delete=models.CASCADE, related_name="+")
    email = models.EmailField(_("email"))
    language = models.CharField(max_length=5, default="sl")
    consent = models.BooleanField(_("consent"), default=False)
    consent_text = models.TextField(_("consent text"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    notified_at = models.DateTimeField(_("notified at"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("stock notification")
        verbose_name_plural = _("stock notifications")
        ordering = ["-created_at"]
        constraints = [
            # One pending subscription per address and product: asking twice sends one email.
            models.UniqueConstraint(
                fields=["product", "email"],
                condition=models.Q(notified_at__isnull=True),
                name="stock_notification_one_pending",
            )
        ]


class RfqRequest(models.Model):
    """RFQ_REQUESTS (assistant.b2b_rfq): a business customer's request for a quotation."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        QUOTE_DRAFTED = "quote_drafted", _("Quote drafted")
        CLOSED = "closed", _("Closed")

    # Validated by services.rfq_details_validate: company, email, items [{product, quantity}], note.
    details = models.JSONField(_("details"), default=dict)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    # The assistant action that carries the drafted quote to the owner for approval.
    draft_action = models.ForeignKey(
        "assistant.AssistantAction", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    session = models.ForeignKey(
        "chatbot.ChatSession", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("request for quotation")
        verbose_name_plural = _("requests for quotation")
        ordering = ["-created_at"]


class LeadScore(models.Model):
    """LEAD_SCORES (assistant.lead_qualifier): a 0..100 score of one chat lead and why."""

    lead = models.OneToOneField("chatbot.ChatLead", on_delete=models.CASCADE, related_name="+")
    score = models.IntegerField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list)
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("lead score")
        verbose_name_plural = _("lead scores")
        ordering = ["-score", "-scored_at"]


class FinderResponse(models.Model):
    """FINDER_RESPONSES (chatbot.product_finder): a shopper's quiz answers and what we recommended."""

    session = models.ForeignKey(
        "chatbot.ChatSession", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answers = models.JSONField(_("answers"), default=dict)
    recommended_product_ids = models.JSONField(_("recommended products"), default=list)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("product finder response")
        verbose_name_plural = _("product finder responses")
        ordering = ["-created_at"]
