"""What each action type does once the owner approved it: one registry, one executor per type.

An executor validates a payload (before the action is stored and again after the owner edits
it) and runs it through the owning app's services. `available()` says whether the owning app
has the service and the feature is on; the assistant only proposes what can run.
"""

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Executor:
    action_type: str
    label: str
    validate: Callable[[dict], dict]
    run: Callable[[dict], dict]
    available: Callable[[], bool] = lambda: True


def _service(module: str, name: str):
    try:
        return getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None


def _account():
    from assistant.analytics import current_account

    return current_account()


def _enabled(agent: str, feature: str = "core") -> bool:
    from features.selectors import is_enabled

    return is_enabled(_account(), agent, feature)


def _text(payload: dict, key: str, *, max_length: int, required: bool = True) -> str:
    value = payload.get(key, "")
    if not isinstance(value, str):
        raise ValidationError({key: "Must be text."})
    value = value.strip()
    if required and not value:
        raise ValidationError({key: "This field is required."})
    if len(value) > max_length:
        raise ValidationError({key: f"At most {max_length} characters."})
    return value


def _int(payload: dict, key: str, *, required: bool = True, minimum: int = 1) -> int | None:
    value = payload.get(key)
    if value in (None, "") and not required:
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError({key: "Must be a whole number."}) from None
    if number < minimum:
        raise ValidationError({key: f"Must be at least {minimum}."})
    return number


def _product(product_id: int):
    from shop.models import Product

    product = Product.objects.filter(pk=product_id).first()
    if product is None:
        raise ValidationError({"product_id": "No such product."})
    return product


def _owner_email() -> str:
    email = getattr(_account(), "owner_email", "")
    if not email:
        raise ValidationError("The account has no owner email to send the reminder to.")
    return email


# --- restock reminder -----------------------------------------------------------------------
def _restock_validate(payload: dict) -> dict:
    product = _product(_int(payload, "product_id"))
    return {
        "product_id": product.pk,
        "product_name": product.name,
        "quantity": _int(payload, "quantity", required=False),
        "note": _text(payload, "note", max_length=1000, required=False),
    }


def _restock_run(payload: dict) -> dict:
    product = _product(payload["product_id"])
    to = _owner_email()
    lines = [f"Restock: {product.name}"]
    if payload.get("quantity"):
        lines.append(f"Suggested quantity: {payload['quantity']}")
    if payload.get("note"):
        lines.append(payload["note"])
    send_mail(f"Restock reminder: {product.name}", "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [to])
    return {"emailed": to, "product": product.name}


# --- lead follow-up -------------------------------------------------------------------------
def _lead_validate(payload: dict) -> dict:
    return {
        "lead_id": _int(payload, "lead_id", required=False),
        "contact": _text(payload, "contact", max_length=254, required=False),
        "note": _text(payload, "note", max_length=2000),
    }


def _lead_run(payload: dict) -> dict:
    to = _owner_email()
    body = (
        f"Follow up lead {payload.get('lead_id') or ''} {payload.get('contact') or ''}\n\n{payload['note']}"
    )
    send_mail("Lead follow-up", body.strip(), settings.DEFAULT_FROM_EMAIL, [to])
    return {"emailed": to, "lead_id": payload.get("lead_id")}


# --- product description --------------------------------------------------------------------
def _description_validate(payload: dict) -> dict:
    product = _product(_int(payload, "product_id"))
    return {
        "product_id": product.pk,
        "product_name": product.name,
        "description": _text(payload, "description", max_length=10000),
    }


def _description_writer():
    # The shop engineer's product_description_set; product_description_update is the assistant's
    # own small additive fallback in shop/services.py (same contract).
    return _service("shop.services", "product_description_set") or _service(
        "shop.services", "product_description_update"
    )


def _description_run(payload: dict) -> dict:
    update = _description_writer()
    product = update(product_id=payload["product_id"], description=payload["description"])
    return {"product_id": product.pk, "description_length": len(product.description)}


# --- FAQ, campaign, bookings: through the owning apps' services -------------------------------
def _faq_validate(payload: dict) -> dict:
    return {
        "question": _text(payload, "question", max_length=2000),
        "answer": _text(payload, "answer", max_length=8000),
        "category": _text(payload, "category", max_length=100, required=False),
    }


def _faq_run(payload: dict) -> dict:
    save = _service("chatbot.services", "faq_save")
    faq = save(
        question=payload["question"],
        answer=payload["answer"],
        category=payload["category"],
        status="published",
    )
    return {"faq_id": faq.pk, "status": faq.status}


CAMPAIGN_TYPES = ("new_products", "back_in_stock", "sale", "seasonal", "newsletter", "abandoned_cart")


def _campaign_validate(payload: dict) -> dict:
    campaign_type = payload.get("campaign_type") or "newsletter"
    if campaign_type not in CAMPAIGN_TYPES:
        raise ValidationError({"campaign_type": f"Choose one of: {', '.join(CAMPAIGN_TYPES)}."})
    language = payload.get("language") or "sl"
    if language not in ("sl", "en"):
        raise ValidationError({"language": "Language must be 'sl' or 'en'."})
    product_ids = payload.get("product_ids") or []
    if not isinstance(product_ids, list) or not all(
        isinstance(i, int) and not isinstance(i, bool) for i in product_ids
    ):
        raise ValidationError({"product_ids": "Product ids must be a list of integers."})
    return {"campaign_type": campaign_type, "language": language, "product_ids": product_ids[:50]}


def _campaign_run(payload: dict) -> dict:
    create = _service("emailing.services", "email_draft_create")
    draft = create(
        account=_account(),
        campaign_type=payload["campaign_type"],
        language=payload["language"],
        product_ids=payload["product_ids"] or None,
    )
    return {"draft_id": draft.pk, "subject": draft.subject}


def _booking_create_validate(payload: dict) -> dict:
    start = _text(payload, "start", max_length=40)
    try:
        parsed = datetime.fromisoformat(start)
    except ValueError:
        raise ValidationError(
            {"start": "Give the start as an ISO date-time, e.g. 2026-12-01T10:00."}
        ) from None
    if parsed.tzinfo is None:
        raise ValidationError({"start": "Give the start with its UTC offset, e.g. 2026-12-01T10:00+01:00."})
    return {
        "service_id": _int(payload, "service_id"),
        "staff_id": _int(payload, "staff_id", required=False),
        "start": parsed.isoformat(),
        "customer_name": _text(payload, "customer_name", max_length=200),
        "customer_email": _text(payload, "customer_email", max_length=254, required=False),
    }


def _booking_create_run(payload: dict) -> dict:
    create = _service("booking.services", "assistant_booking_create")
    booking = create(**{**payload, "start": datetime.fromisoformat(payload["start"])})
    return {"booking_id": booking.pk, "start": booking.slot_from.isoformat()}


def _booking_cancel_validate(payload: dict) -> dict:
    return {"booking_id": _int(payload, "booking_id")}


def _booking_cancel_run(payload: dict) -> dict:
    cancel = _service("booking.services", "assistant_booking_cancel")
    booking = cancel(booking_id=payload["booking_id"])
    return {"booking_id": booking.pk, "status": booking.status}


EXECUTORS: dict[str, Executor] = {
    e.action_type: e
    for e in (
        Executor("restock_reminder", _("Restock reminder"), _restock_validate, _restock_run),
        Executor("lead_followup", _("Follow up a lead"), _lead_validate, _lead_run),
        Executor(
            "description_change",
            _("Change a product description"),
            _description_validate,
            _description_run,
            lambda: _description_writer() is not None,
        ),
        Executor(
            "faq_publish",
            _("Publish an FAQ"),
            _faq_validate,
            _faq_run,
            lambda: _enabled("chatbot") and _service("chatbot.services", "faq_save") is not None,
        ),
        Executor(
            "campaign_draft",
            _("Draft a campaign"),
            _campaign_validate,
            _campaign_run,
            lambda: _enabled("email") and _service("emailing.services", "email_draft_create") is not None,
        ),
        Executor(
            "booking_create",
            _("Create a booking"),
            _booking_create_validate,
            _booking_create_run,
            lambda: (
                _enabled("booking") and _service("booking.services", "assistant_booking_create") is not None
            ),
        ),
        Executor(
            "booking_cancel",
            _("Cancel a booking"),
            _booking_cancel_validate,
            _booking_cancel_run,
            lambda: (
                _enabled("booking") and _service("booking.services", "assistant_booking_cancel") is not None
            ),
        ),
    )
}


def get_executor(action_type: str) -> Executor:
    executor = EXECUTORS.get(action_type)
    if executor is None:
        raise ValidationError({"action_type": f"Unknown action type '{action_type}'."})
    return executor
