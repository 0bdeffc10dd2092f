"""Back-in-stock alerts (chatbot.stock_alerts): subscribe a shopper, and email every pending
subscriber once their product's stock goes from 0 to more than 0.

The periodic scan (addons.tasks.stock_alerts_send, every tenant via the platform fan-out) is the
"hook": a subscription is only taken while the product is out of stock, so "pending and now in
stock" is exactly the 0 → >0 transition, whichever way the stock changed (sync API, import, admin).
"""

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from addons.models import StockNotification
from addons.selectors import stock_notifications_due
from addons.services import _email

log = logging.getLogger(__name__)
BATCH = 200


def stock_subscribe(
    *, product_id: int, email: str, consent: bool, consent_text: str = "", language: str = "sl"
) -> tuple[StockNotification, bool]:
    """(subscription, created). A product in stock is refused: there is nothing to wait for."""
    from shop.selectors import product_get

    email = _email(email, required=True).lower()
    if not consent:
        raise ValidationError({"consent": _("The shopper's consent is needed to email them.")})
    hit = product_get(product_id=product_id)
    if hit is None or not hit.is_active:
        raise ValidationError({"product_id": _("No such product.")})
    if hit.in_stock:
        raise ValidationError({"product_id": _("This product is in stock now.")})
    existing = StockNotification.objects.filter(
        product_id=hit.id, email=email, notified_at__isnull=True
    ).first()
    if existing is not None:
        return existing, False
    try:
        # Savepoint: a concurrent identical request hits the partial unique constraint.
        with transaction.atomic():
            row = StockNotification.objects.create(
                product_id=hit.id,
                email=email,
                consent=True,
                consent_text=(consent_text or "")[:2000],
                language=language if language in ("sl", "en") else "sl",
            )
    except IntegrityError:
        return StockNotification.objects.get(product_id=hit.id, email=email, notified_at__isnull=True), False
    return row, True


def _send(row: StockNotification, account) -> None:
    from emailing.transactional import send_transactional
    from llm.render import money

    product = row.product
    price = getattr(product, "price", None)
    send_transactional(
        template="stock_alert",
        to=row.email,
        language=row.language,
        account=account,
        context={
            "product_name": product.name,
            "product_url": product.url,
            "price": money(price.price, price.currency, row.language) if price is not None else "",
        },
        metadata={"stock_notification_id": row.pk, "product_id": product.pk},
    )


def stock_alerts_send(*, account, batch_size: int = 25) -> dict:
    """Email every due subscriber once (at most BATCH per scan). Returns {"sent": n, "failed": n}."""
    sent, failed_ids = 0, set()
    while sent + len(failed_ids) < BATCH:
        # A batch of rows locked with SKIP LOCKED, marked in the same transaction: overlapping scans
        # (a slow beat tick and the next, or the dashboard button) never email the same shopper
        # twice. A failed send leaves only its own row pending for the next scan. A crash between
        # sending and commit re-sends at most one batch (at-least-once, kept small on purpose).
        with transaction.atomic():
            rows = list(
                stock_notifications_due()
                .select_related("product__price")
                .select_for_update(skip_locked=True, of=("self",))
                .exclude(pk__in=failed_ids)
                .order_by("pk")[: min(batch_size, BATCH - sent - len(failed_ids))]
            )
            if not rows:
                break
            done = []
            for row in rows:
                try:
                    _send(row, account)
                except Exception:  # noqa: BLE001 - an ESP outage leaves the row pending for next time
                    log.warning("stock alert %s failed", row.pk, exc_info=True)
                    failed_ids.add(row.pk)
                    continue
                done.append(row.pk)
            StockNotification.objects.filter(pk__in=done).update(notified_at=timezone.now())
            sent += len(done)
    return {"sent": sent, "failed": len(failed_ids)}
