"""A small httpx client for the parts of the Sendy API the product uses.

Sendy answers every call with HTTP 200 and a bare plain-text body, errors included. Only the
documented success answers count as success; every other answer becomes a `SendyError` subclass
carrying Sendy's own text. Timeouts, connection failures and 5xx answers raise
`SendyRetryableError` instead: the call may work if repeated. `SendyRetryableError.delivered` says
whether the request may have reached Sendy (a read timeout or a 5xx may have created a campaign;
a refused connection cannot have) — campaign sending needs that distinction to stay exactly-once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

import httpx

DEFAULT_TIMEOUT = httpx.Timeout(15.0, connect=5.0)


# --- errors ---------------------------------------------------------------------------------


class SendyError(Exception):
    """Sendy answered with an error text (or something we do not understand)."""

    def __init__(self, message: str, *, endpoint: str = ""):
        super().__init__(message)
        self.message = message
        self.endpoint = endpoint

    def __str__(self) -> str:
        return self.message


class SendyRetryableError(SendyError):
    """Timeout, connection failure or 5xx: worth trying again later."""

    def __init__(self, message: str, *, endpoint: str = "", delivered: bool = True):
        super().__init__(message, endpoint=endpoint)
        self.delivered = delivered


class SendyUnexpectedAnswer(SendyError):
    """An answer that is neither a documented success nor a documented error."""


class SendyMissingData(SendyError):
    """A required field was not passed (`No data passed`, `... not passed`, `Some fields are missing.`)."""


class SendyAuthError(SendyError):
    """`API key not passed` / `Invalid API key`."""


class SendyNotFound(SendyError):
    """A list, brand or subscriber Sendy does not know."""


class SendyInvalidValue(SendyError):
    """A value Sendy refuses (email address, list ids, schedule time)."""


class SendySubscriberRefused(SendyError):
    """Sendy will not subscribe this address (already subscribed, bounced, suppressed)."""


class SendyAlreadySubscribed(SendySubscriberRefused):
    """`Already subscribed.`"""


class SendyCampaignFailed(SendyError):
    """Sendy accepted the input but could not create, schedule or send the campaign."""


# Every documented error answer, normalised (lower case, no trailing period), to its type.
ERRORS: dict[str, type[SendyError]] = {
    "no data passed": SendyMissingData,
    "some fields are missing": SendyMissingData,
    "api key not passed": SendyAuthError,
    "invalid api key": SendyAuthError,
    "list id not passed": SendyMissingData,
    "email not passed": SendyMissingData,
    "brand id not passed": SendyMissingData,
    "from name not passed": SendyMissingData,
    "from email not passed": SendyMissingData,
    "reply to email not passed": SendyMissingData,
    "subject not passed": SendyMissingData,
    "html not passed": SendyMissingData,
    "list or segment id(s) not passed": SendyMissingData,
    "invalid email address": SendyInvalidValue,
    "invalid list id": SendyNotFound,
    "list does not exist": SendyNotFound,
    "brand does not exist": SendyNotFound,
    "no lists found": SendyNotFound,
    "no brands found": SendyNotFound,
    "email does not exist": SendyNotFound,
    "email does not exist in list": SendyNotFound,
    "subscriber does not exist": SendyNotFound,
    "already subscribed": SendyAlreadySubscribed,
    "bounced email address": SendySubscriberRefused,
    "email is suppressed": SendySubscriberRefused,
    "one or more list ids are invalid": SendyInvalidValue,
    "one or more segment ids are invalid": SendyInvalidValue,
    "list or segment ids does not belong to a single brand": SendyInvalidValue,
    "schedule_date_time is invalid": SendyInvalidValue,
    "unable to calculate totals": SendyCampaignFailed,
    "unable to schedule campaign": SendyCampaignFailed,
    "unable to create and send campaign": SendyCampaignFailed,
    "unable to create campaign": SendyCampaignFailed,
}

SUBSCRIPTION_STATUSES = ("Subscribed", "Unsubscribed", "Unconfirmed", "Bounced", "Soft bounced", "Complained")


def _normalise(text: str) -> str:
    return text.strip().rstrip(".").strip().lower()


def error_for(text: str, *, endpoint: str = "") -> SendyError:
    """The typed error for a Sendy answer text (SendyUnexpectedAnswer if it is not documented)."""
    message = text.strip() or "Sendy gave an empty answer."
    cls = ERRORS.get(_normalise(message), SendyUnexpectedAnswer)
    return cls(message[:500], endpoint=endpoint)


# --- results --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SendyConfig:
    url: str
    api_key: str
    brand_id: str = ""
    list_ids: tuple[str, ...] = ()
    from_name: str = ""
    from_email: str = ""
    reply_to: str = ""

    @property
    def is_complete(self) -> bool:
        return bool(self.url and self.api_key and self.list_ids and self.from_name and self.from_email)


@dataclass(frozen=True)
class CampaignResult:
    state: str  # "draft" | "sending" | "scheduled"
    answer: str  # Sendy's text
    campaign_id: str | None = None  # only when Sendy hands one back (drafts with json=1)


@dataclass(frozen=True)
class SendyList:
    id: str
    name: str


@dataclass
class CampaignRequest:
    title: str
    subject: str
    html_text: str
    plain_text: str = ""
    list_ids: tuple[str, ...] = ()
    segment_ids: tuple[str, ...] = ()
    query_string: str = ""
    track_opens: int = 1
    track_clicks: int = 1
    extra: dict = field(default_factory=dict)


# --- client ---------------------------------------------------------------------------------


class SendyClient:
    def __init__(
        self, config: SendyConfig, *, timeout: httpx.Timeout | float = DEFAULT_TIMEOUT, transport=None
    ):
        if not config.url or not config.api_key:
            raise SendyMissingData("The Sendy installation URL and API key are not configured.")
        self.config = config
        self._http = httpx.Client(base_url=config.url.rstrip("/"), timeout=timeout, transport=transport)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> SendyClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _post(self, path: str, data: dict) -> str:
        try:
            response = self._http.post(path, data={k: v for k, v in data.items() if v is not None})
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            # Nothing reached Sendy: repeating cannot duplicate anything.
            raise SendyRetryableError(
                f"Sendy is not reachable: {exc}", endpoint=path, delivered=False
            ) from exc
        except httpx.TimeoutException as exc:
            raise SendyRetryableError(f"Sendy did not answer in time: {exc}", endpoint=path) from exc
        except httpx.TransportError as exc:
            raise SendyRetryableError(f"Connection to Sendy failed: {exc}", endpoint=path) from exc
        if response.status_code >= 500:
            raise SendyRetryableError(f"Sendy server error (HTTP {response.status_code}).", endpoint=path)
        if response.status_code >= 400:
            raise SendyUnexpectedAnswer(
                f"Sendy refused the request (HTTP {response.status_code}); check the installation URL.",
                endpoint=path,
            )
        return response.text.strip()

    # Campaigns ------------------------------------------------------------------------------

    def campaign_create(
        self,
        request: CampaignRequest,
        *,
        send: bool = False,
        schedule_at: datetime | None = None,
        schedule_timezone: str = "",
    ) -> CampaignResult:
        """Create a campaign: a draft in Sendy (default), sent now (`send`) or scheduled."""
        path = "/api/campaigns/create.php"
        cfg = self.config
        data = {
            "api_key": cfg.api_key,
            "from_name": cfg.from_name,
            "from_email": cfg.from_email,
            "reply_to": cfg.reply_to or cfg.from_email,
            "title": request.title,
            "subject": request.subject,
            "plain_text": request.plain_text,
            "html_text": request.html_text,
            "list_ids": ",".join(request.list_ids or cfg.list_ids),
            "segment_ids": ",".join(request.segment_ids) or None,
            "brand_id": cfg.brand_id or None,
            "query_string": request.query_string or None,
            "track_opens": str(request.track_opens),
            "track_clicks": str(request.track_clicks),
            "send_campaign": "1" if (send or schedule_at) else "0",
            **request.extra,
        }
        if schedule_at is not None:
            data["schedule_date_time"] = format_schedule(schedule_at)
            data["schedule_timezone"] = schedule_timezone or None
        if not send and schedule_at is None:
            # Drafts: ask for JSON so Sendy versions that support it return the campaign id.
            data["json"] = "1"
        text = self._post(path, data)
        return parse_campaign_answer(text, endpoint=path)

    # Subscribers ----------------------------------------------------------------------------

    def subscribe(
        self,
        *,
        email: str,
        list_id: str,
        name: str = "",
        ipaddress: str = "",
        referrer: str = "",
        country: str = "",
        gdpr: bool = True,
        silent: bool = False,
        custom_fields: dict | None = None,
    ) -> bool:
        """Subscribe (or resubscribe) an address. Raises SendyAlreadySubscribed if it already is."""
        path = "/subscribe"
        data = {
            "api_key": self.config.api_key,
            "email": email,
            "list": list_id,
            "name": name or None,
            "ipaddress": ipaddress or None,
            "referrer": referrer or None,
            "country": country or None,
            "gdpr": "true" if gdpr else None,
            "silent": "true" if silent else None,
            "boolean": "true",
            **(custom_fields or {}),
        }
        text = self._post(path, data)
        if text in ("true", "1"):
            return True
        raise error_for(text, endpoint=path)

    def unsubscribe(self, *, email: str, list_id: str) -> bool:
        path = "/unsubscribe"
        text = self._post(path, {"email": email, "list": list_id, "boolean": "true"})
        if text in ("true", "1"):
            return True
        raise error_for(text, endpoint=path)

    def subscriber_delete(self, *, email: str, list_id: str) -> bool:
        path = "/api/subscribers/delete.php"
        text = self._post(path, {"api_key": self.config.api_key, "list_id": list_id, "email": email})
        if text in ("true", "1"):
            return True
        raise error_for(text, endpoint=path)

    def subscription_status(self, *, email: str, list_id: str) -> str | None:
        """One of SUBSCRIPTION_STATUSES, or None when the address is not in the list."""
        path = "/api/subscribers/subscription-status.php"
        text = self._post(path, {"api_key": self.config.api_key, "email": email, "list_id": list_id})
        for status in SUBSCRIPTION_STATUSES:
            if text.lower() == status.lower():
                return status
        if _normalise(text) == "email does not exist in list":
            return None
        raise error_for(text, endpoint=path)

    def active_subscriber_count(self, *, list_id: str) -> int:
        path = "/api/subscribers/active-subscriber-count.php"
        text = self._post(path, {"api_key": self.config.api_key, "list_id": list_id})
        if text.isdigit():
            return int(text)
        raise error_for(text, endpoint=path)

    # Lists and brands -----------------------------------------------------------------------

    def lists(self, *, brand_id: str | None = None, include_hidden: bool = False) -> list[SendyList]:
        path = "/api/lists/get-lists.php"
        text = self._post(
            path,
            {
                "api_key": self.config.api_key,
                "brand_id": brand_id if brand_id is not None else self.config.brand_id,
                "include_hidden": "yes" if include_hidden else "no",
            },
        )
        data = _json_object(text)
        if data is None:
            raise error_for(text, endpoint=path)
        return [
            SendyList(id=str(item.get("id", "")), name=str(item.get("name", "")))
            for item in data.values()
            if isinstance(item, dict)
        ]

    def brands(self) -> dict[str, str]:
        path = "/api/brands/get-brands.php"
        text = self._post(path, {"api_key": self.config.api_key})
        data = _json_object(text)
        if data is None:
            raise error_for(text, endpoint=path)
        return {
            str(item.get("id", "")): str(item.get("name", ""))
            for item in data.values()
            if isinstance(item, dict)
        }


# --- answer parsing (pure) ------------------------------------------------------------------


def _json_object(text: str) -> dict | None:
    if not text.startswith("{"):
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


_CAMPAIGN_SUCCESS = {
    "campaign created": "draft",
    "campaign created and now sending": "sending",
    "campaign scheduled": "scheduled",
}


def parse_campaign_answer(text: str, *, endpoint: str = "/api/campaigns/create.php") -> CampaignResult:
    data = _json_object(text)
    if data is not None:
        status = str(data.get("status", ""))
        state = _CAMPAIGN_SUCCESS.get(_normalise(status))
        if state is None:
            raise error_for(status or text, endpoint=endpoint)
        campaign_id = data.get("campaign_id")
        return CampaignResult(
            state=state, answer=status, campaign_id=str(campaign_id) if campaign_id else None
        )
    state = _CAMPAIGN_SUCCESS.get(_normalise(text))
    if state is None:
        raise error_for(text, endpoint=endpoint)
    return CampaignResult(state=state, answer=text)


def format_schedule(moment: datetime) -> str:
    """Sendy's `schedule_date_time`, e.g. `June 15, 2021 6:05pm` (minutes rounded up to 5)."""
    minute = moment.minute
    if minute % 5:
        from datetime import timedelta

        moment = moment + timedelta(minutes=5 - minute % 5)
    hour12 = moment.hour % 12 or 12
    ampm = "am" if moment.hour < 12 else "pm"
    return f"{moment.strftime('%B')} {moment.day}, {moment.year} {hour12}:{moment.minute:02d}{ampm}"
