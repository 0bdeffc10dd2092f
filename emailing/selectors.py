"""Reads for the email agent: Sendy settings, drafts, subscribers, and catalog picks per campaign type."""

from datetime import timedelta

from django.db.models import F, QuerySet
from django.utils import timezone

from emailing.models import CampaignType, DraftEvent, EmailDraft, Subscriber
from emailing.sendy import SendyConfig

MAX_PRODUCTS = 6
BACK_IN_STOCK_DAYS = 30


def sendy_config(account) -> SendyConfig:
    """The account's Sendy connection from the email feature config (API key decrypted)."""
    from features.selectors import feature_config

    config = feature_config(account, "email")
    return SendyConfig(
        url=str(config.get("sendy_url") or "").strip(),
        api_key=str(config.get("sendy_api_key") or "").strip(),
        brand_id=str(config.get("brand_id") or "").strip(),
        list_ids=tuple(str(x).strip() for x in config.get("list_ids") or () if str(x).strip()),
        from_name=str(config.get("from_name") or "").strip(),
        from_email=str(config.get("from_email") or "").strip(),
        reply_to=str(config.get("reply_to") or "").strip(),
    )


def sendy_settings_public(account) -> dict:
    """The connection for display: the API key masked."""
    from features.selectors import feature_config

    config = feature_config(account, "email", decrypt_secrets=False)
    keys = ("sendy_url", "sendy_api_key", "brand_id", "list_ids", "from_name", "from_email", "reply_to")
    return {key: config.get(key, [] if key == "list_ids" else "") for key in keys}


def draft_list(*, status: str | None = None) -> QuerySet[EmailDraft]:
    drafts = EmailDraft.objects.select_related("approved_by")
    if status:
        drafts = drafts.filter(status=status)
    return drafts


def draft_get(*, draft_id: int) -> EmailDraft | None:
    return EmailDraft.objects.select_related("approved_by").filter(pk=draft_id).first()


def draft_events(*, draft: EmailDraft) -> list[DraftEvent]:
    return list(draft.events.all())


def subscriber_list(*, limit: int = 200) -> list[Subscriber]:
    return list(Subscriber.objects.all()[:limit])


def campaign_products(*, campaign_type: str, product_ids: list[int] | None = None, limit: int = MAX_PRODUCTS):
    """Real catalog products for a campaign type, as shop `ProductHit`s (only active, priced ones).

    new_products: most recently created in stock · back_in_stock: in-stock products shoppers asked
    about (stock alerts), then stock updated in the last 30 days · sale: regular price above price, biggest discount first ·
    seasonal / newsletter / abandoned_cart: in-stock products, best sellers of the last 90 days first.
    An explicit `product_ids` selection wins (still only active products that exist).
    """
    from shop import selectors as shop

    products = shop.product_list().filter(price__isnull=False)
    if product_ids:
        picked = {p.pk: p for p in products.filter(pk__in=product_ids)}
        return shop.product_hits([picked[pk] for pk in product_ids if pk in picked][:limit])
    in_stock = products.filter(stock__quantity__gt=0)
    if campaign_type == CampaignType.NEW_PRODUCTS:
        chosen = in_stock.order_by("-created_at", "-pk")
    elif campaign_type == CampaignType.BACK_IN_STOCK:
        # Products shoppers asked to be told about (stock-alert add-on) that are in stock again come
        # first; then stock that changed recently.
        from addons.selectors import stock_notification_list

        wanted = list(stock_notification_list().order_by("-pk").values_list("product_id", flat=True)[:200])
        asked = {p.pk: p for p in in_stock.filter(pk__in=wanted)}
        ordered = [asked[pk] for pk in dict.fromkeys(wanted) if pk in asked][:limit]
        since = timezone.now() - timedelta(days=BACK_IN_STOCK_DAYS)
        recent = (
            in_stock.filter(stock__updated_at__gte=since)
            .exclude(pk__in=asked)
            .order_by("-stock__updated_at", "-pk")
        )
        return shop.product_hits((ordered + list(recent[:limit]))[:limit])
    elif campaign_type == CampaignType.SALE:
        chosen = in_stock.filter(price__regular_price__gt=F("price__price")).order_by(
            (F("price__price") / F("price__regular_price")).asc(), "name"
        )
    else:
        now = timezone.now()
        top = shop.top_products(since=now - timedelta(days=90), until=now, limit=limit * 3)
        top_ids = [row["product_external_id"] for row in top if row.get("product_external_id")]
        ranked = {p.external_id: p for p in in_stock.filter(external_id__in=top_ids)}
        ordered = [ranked[i] for i in top_ids if i in ranked]
        if len(ordered) < limit:
            seen = {p.pk for p in ordered}
            ordered += [p for p in in_stock.order_by("-created_at")[: limit * 2] if p.pk not in seen]
        return shop.product_hits(ordered[:limit])
    return shop.product_hits(list(chosen[:limit]))


STALE_CLAIM_SECONDS = 15 * 60


def claim_is_stale(draft: EmailDraft) -> bool:
    """A `sending` claim older than any Sendy call can take: its worker died mid-send."""
    return bool(
        draft.status == "sending"
        and draft.claimed_at
        and (timezone.now() - draft.claimed_at).total_seconds() > STALE_CLAIM_SECONDS
    )
