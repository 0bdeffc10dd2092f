"""Chatbot data in each tenant schema: sessions, messages, leads and FAQs.

Widget settings (title, greeting, colour, position, allowed origins, retention, lead email) live in
the chatbot.core feature config (features.registry), validated there; the widget key is
Account.widget_key in the public schema.
"""

import uuid

from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_public_id() -> str:
    return uuid.uuid4().hex


class ChatSession(models.Model):
    class Handoff(models.TextChoices):
        BOT = "bot", _("Bot")
        HUMAN_REQUESTED = "human_requested", _("Human requested")
        HUMAN = "human", _("Human")

    # What the widget holds; unguessable, so an id alone never names another shopper's chat.
    session_id = models.CharField(max_length=32, unique=True, default=new_public_id, editable=False)
    visitor_id = models.CharField(_("visitor"), max_length=64, db_index=True)
    customer_id = models.BigIntegerField(_("customer id"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=20, default="widget")
    language = models.CharField(_("language"), max_length=5, default="sl")
    page_url = models.CharField(_("page"), max_length=500, blank=True)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True, db_index=True)
    last_activity_at = models.DateTimeField(_("last activity"), auto_now_add=True, db_index=True)
    handoff_status = models.CharField(
        _("handoff"), max_length=20, choices=Handoff.choices, default=Handoff.BOT, db_index=True
    )
    has_lead = models.BooleanField(_("has lead"), default=False)
    # Set once the "we are closed" note was given, so it is said once per conversation.
    closed_notice_given = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("chat session")
        verbose_name_plural = _("chat sessions")
        ordering = ["-last_activity_at"]

    def __str__(self) -> str:
        return self.session_id


class ChatMessage(models.Model):
    """One message; the auto-increment id is the SSE cursor (monotonic within the schema)."""

    class Role(models.TextChoices):
        USER = "user", _("Shopper")
        ASSISTANT = "assistant", _("Bot")
        OWNER = "owner", _("Owner")
        SYSTEM = "system", _("System")

    session = models.ForeignKey(ChatSession, on_delete=models.CASCADE, related_name="messages")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    content = models.TextField(_("content"))
    tokens = models.IntegerField(_("tokens"), default=0)
    # UI hints for the widget, e.g. {"offer_lead": true}; never shown as text.
    meta = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("chat message")
        verbose_name_plural = _("chat messages")
        ordering = ["id"]
        indexes = [models.Index(fields=["session", "id"], name="chatmsg_session_cursor")]

    def as_dict(self) -> dict:
        return {
            "id": self.pk,
            "role": self.role,
            "content": self.content,
            "meta": self.meta or {},
            "created_at": self.created_at.isoformat() if self.created_at else None,
        }


class ChatLead(models.Model):
    # SET_NULL: a purged transcript does not take the owner's lead with it; the visitor id stays
    # so "delete my data" still finds the lead.
    session = models.ForeignKey(
        ChatSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="leads"
    )
    visitor_id = models.CharField(max_length=64, blank=True, db_index=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    message = models.TextField(_("message"), blank=True)
    consent = models.BooleanField(_("consent"), default=False)
    consent_text = models.TextField(_("consent text"), blank=True)
    consented_at = models.DateTimeField(_("consented at"), null=True, blank=True)
    source_addon = models.CharField(_("source"), max_length=50, default="core")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        ordering = ["-created_at"]


class FAQ(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    question = models.TextField(_("question"))
    answer = models.TextField(_("answer"))
    category = models.CharField(_("category"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # Lower-cased, diacritics-free question + category + answer (shop.search.normalize).
    search_text = models.TextField(default="", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("FAQ")
        verbose_name_plural = _("FAQs")
        ordering = ["category", "question"]
        indexes = [GinIndex(name="faq_search_trgm", fields=["search_text"], opclasses=["gin_trgm_ops"])]

    def __str__(self) -> str:
        return self.question[:80]

    def save(self, *args, **kwargs):
        from shop.search import normalize

        self.search_text = normalize(f"{self.question} {self.category} {self.answer}")[:4000]
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)
