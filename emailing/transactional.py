"""Transactional mail (booking confirmations, lead alerts, stock alerts) through django-anymail.

The ESP is whatever EMAIL_BACKEND names (an anymail backend in production, the console backend in
development, anymail's test backend in tests). Each template has a subject, a text and an HTML
part under `emailing/templates/emailing/mail/`, written with {% trans %} and rendered in the
recipient's language (sl/en). Every message carries the tenant and template as anymail
`metadata`/`tags`, so ESP tracking webhooks can be routed back to the account and message kind.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from anymail.message import AnymailMessage
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection
from django.template.loader import render_to_string
from django.utils import translation

TEMPLATES = ("booking_confirmation", "lead_alert", "stock_alert")
LANGUAGES = ("sl", "en")


@dataclass(frozen=True)
class TransactionalResult:
    message_uuid: str  # ours, also in metadata["message_uuid"]
    esp_message_id: str | None
    status: set


def _shop_context(account) -> dict:
    from shop.selectors import company_info_get

    info = company_info_get()
    contact = info.contact or {}
    return {
        "shop_name": info.name or getattr(account, "name", ""),
        "shop_contact": contact.get("email") or contact.get("phone") or "",
        "shop_email": contact.get("email") or "",
        "tz": getattr(account, "timezone", None) or settings.TIME_ZONE,
    }


def render_transactional(*, template: str, context: dict, language: str) -> tuple[str, str, str]:
    """(subject, text, html) of a template in a language."""
    if template not in TEMPLATES:
        raise ValidationError({"template": f"Unknown template '{template}'. Known: {', '.join(TEMPLATES)}."})
    with translation.override(language):
        subject = " ".join(render_to_string(f"emailing/mail/{template}_subject.txt", context).split())
        text = render_to_string(f"emailing/mail/{template}.txt", context).strip() + "\n"
        html = render_to_string(f"emailing/mail/{template}.html", {**context, "subject": subject})
    return subject, text, html


def send_transactional(
    *,
    template: str,
    to: list[str] | str,
    context: dict,
    language: str,
    metadata: dict | None = None,
    attachments=(),
    account=None,
    from_email: str | None = None,
    reply_to: list[str] | None = None,
) -> TransactionalResult:
    """Render and send one transactional message. `attachments`: (filename, content, mimetype) tuples.

    Raises ValidationError for an unknown template or a bad address, and anymail's errors when the
    ESP refuses (callers decide whether to retry).
    """
    account = account or getattr(connection, "tenant", None)
    recipients = [to] if isinstance(to, str) else list(to)
    if not recipients:
        raise ValidationError({"to": "At least one recipient is needed."})
    for address in recipients:
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationError({"to": f"Invalid email address: {address}"}) from None
    if language not in LANGUAGES:
        language = getattr(account, "default_language", "sl") or "sl"
    shop = _shop_context(account)
    subject, text, html = render_transactional(
        template=template, context={**shop, **context}, language=language
    )
    message_uuid = str(uuid.uuid4())
    message = AnymailMessage(
        subject=subject,
        body=text,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        to=recipients,
        reply_to=reply_to or ([shop["shop_email"]] if shop["shop_email"] else None),
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.metadata = {
        **{str(k): str(v) for k, v in (metadata or {}).items()},
        "tenant": getattr(account, "schema_name", "") or "",
        "template": template,
        "language": language,
        "message_uuid": message_uuid,
    }
    message.tags = ["transactional", template]
    message.send()
    status = getattr(message, "anymail_status", None)
    return TransactionalResult(
        message_uuid=message_uuid,
        esp_message_id=str(status.message_id) if status and status.message_id is not None else None,
        status=set(status.status or ()) if status else set(),
    )
