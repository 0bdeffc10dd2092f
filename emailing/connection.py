"""The account's Sendy connection: saving it (API key encrypted at rest) and testing it."""

from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from emailing import selectors
from emailing.sendy import SendyClient, SendyError

FIELDS = ("sendy_url", "sendy_api_key", "brand_id", "list_ids", "from_name", "from_email", "reply_to")


def sendy_settings_save(*, account, values: dict) -> None:
    """Validate and store the connection in the email feature config (other keys kept).

    An empty `sendy_api_key` keeps the stored key (forms never echo it back)."""
    from features.selectors import feature_config
    from features.services import feature_set

    errors = {}
    url = str(values.get("sendy_url") or "").strip().rstrip("/")
    if url and (urlparse(url).scheme not in ("http", "https") or not urlparse(url).netloc):
        errors["sendy_url"] = _(
            "Enter the full address of the Sendy installation, e.g. https://sendy.example.com."
        )
    for key in ("from_email", "reply_to"):
        if values.get(key):
            try:
                validate_email(str(values[key]).strip())
            except ValidationError:
                errors[key] = _("Enter a valid email address.")
    list_ids = values.get("list_ids") or []
    if isinstance(list_ids, str):
        list_ids = [x.strip() for x in list_ids.split(",") if x.strip()]
    if not isinstance(list_ids, list) or not all(isinstance(x, str) for x in list_ids):
        errors["list_ids"] = _("List ids must be a list of strings.")
    brand_id = str(values.get("brand_id") or "").strip()
    if brand_id and not brand_id.isdigit():
        errors["brand_id"] = _("The brand id is a number (Sendy shows it in the brand's URL).")
    if errors:
        raise ValidationError(errors)
    config = feature_config(account, "email")  # decrypted: secrets are re-encrypted on save
    config.update(
        sendy_url=url,
        sendy_api_key=str(values.get("sendy_api_key") or "").strip(),
        brand_id=brand_id,
        list_ids=list_ids,
        from_name=str(values.get("from_name") or "").strip(),
        from_email=str(values.get("from_email") or "").strip(),
        reply_to=str(values.get("reply_to") or "").strip(),
    )
    feature_set(account=account, agent="email", feature="core", config=config)


def sendy_connection_test(*, account) -> dict:
    """Check the saved connection: API key, brand lists and the configured list ids."""
    config = selectors.sendy_config(account)
    if not config.url or not config.api_key:
        return {"ok": False, "message": _("Set the Sendy installation URL and API key first.")}
    try:
        with SendyClient(config, timeout=10.0) as client:
            lists = client.lists() if config.brand_id else []
            counts = {list_id: client.active_subscriber_count(list_id=list_id) for list_id in config.list_ids}
    except SendyError as exc:
        return {"ok": False, "message": exc.message}
    return {
        "ok": True,
        "message": _("Connected to Sendy."),
        "lists": [{"id": x.id, "name": x.name} for x in lists],
        "subscribers": counts,
    }
