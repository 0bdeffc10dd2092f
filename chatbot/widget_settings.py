"""Widget settings: the chatbot.core feature config with defaults, and the origin check."""

from urllib.parse import urlsplit

from features.selectors import feature_config

DEFAULT_COLOR = "#2563eb"
DEFAULT_RETENTION_DAYS = 365
DEFAULT_TITLE = {"sl": "Klepet s trgovino", "en": "Chat with the shop"}
DEFAULT_GREETING = {
    "sl": "Pozdravljeni! Kako vam lahko pomagam?",
    "en": "Hello! How can I help you?",
}


def widget_settings(account) -> dict:
    config = feature_config(account, "chatbot", "core", decrypt_secrets=False)
    return {
        "title": config.get("title") or "",
        "greeting": config.get("greeting") or "",
        "primary_color": config.get("primary_color") or DEFAULT_COLOR,
        "position": config.get("position") or "bottom-right",
        "allowed_origins": list(config.get("allowed_origins") or []),
        "retention_days": int(config.get("retention_days") or DEFAULT_RETENTION_DAYS),
        "lead_email": config.get("lead_email") or "",
    }


def public_settings(account, lang: str) -> dict:
    """What the widget may see (no origins list, no owner email)."""
    s = widget_settings(account)
    lang = lang if lang in ("sl", "en") else account.default_language
    return {
        "title": s["title"] or DEFAULT_TITLE.get(lang, DEFAULT_TITLE["sl"]),
        "greeting": s["greeting"] or DEFAULT_GREETING.get(lang, DEFAULT_GREETING["sl"]),
        "primary_color": s["primary_color"],
        "position": s["position"],
        "language": lang,
    }


def normalize_origin(value: str) -> str:
    """scheme://host[:port], lower case; "" when it is not an http(s) origin."""
    parts = urlsplit((value or "").strip().rstrip("/"))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ""
    default_port = {"http": 80, "https": 443}[parts.scheme]
    try:
        port = parts.port
    except ValueError:
        return ""
    netloc = parts.hostname.lower() + (f":{port}" if port and port != default_port else "")
    return f"{parts.scheme}://{netloc}"


def origin_allowed(account, origin: str, request_host: str) -> bool:
    """The tenant's own host (same origin) and the owner's list; "https://*.shop.si" covers
    subdomains. A missing Origin header is refused: browsers send it on every CORS request."""
    normalized = normalize_origin(origin)
    if not normalized:
        return False
    if urlsplit(normalized).netloc == (request_host or "").lower():
        return True
    for entry in widget_settings(account)["allowed_origins"]:
        entry = entry.strip().rstrip("/").lower()
        if "*." in entry:
            scheme, _, pattern = entry.partition("://*.")
            host = urlsplit(normalized)
            if host.scheme == scheme and (host.netloc.endswith("." + pattern)):
                return True
        elif normalize_origin(entry) == normalized:
            return True
    return False
