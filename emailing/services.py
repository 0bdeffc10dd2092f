"""Writes for email campaigns: drafting, editing, owner approval, and exactly-once sending.

Sending (`campaign_send`, run by the Celery task) follows one protocol so that a double click, a
retried task or two workers never create two Sendy campaigns:

1. In a transaction holding the draft's row lock, an `approved` draft is *claimed*: status
   `sending`, a fresh claim token, committed **before** Sendy is called. Anyone else who gets
   the lock afterwards sees `sending`/`sent` and does nothing.
2. Sendy is called outside any transaction (a slow HTTP call must not hold a row lock).
3. The result is written only by the claim holder (update filtered on the claim token): `sent`
   with the campaign id, or back to `approved` with Sendy's message when Sendy refused (nothing was
   created), or left in `sending` with `outcome_unknown` when the call may have reached Sendy
   (read timeout, 5xx). Sendy has no API to list campaigns, so an unknown outcome is never resent
   automatically: the owner checks Sendy and resolves it (`draft_resolve`).
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emailing import drafting, selectors
from emailing.models import CampaignType, DraftEvent, DraftStatus, EmailDraft, SendMode
from emailing.sendy import CampaignRequest, SendyClient, SendyError, SendyRetryableError

logger = logging.getLogger(__name__)

LANGUAGES = ("sl", "en")


def _event(draft: EmailDraft, kind: str, actor: str = "", message: str = "") -> None:
    DraftEvent.objects.create(draft=draft, kind=kind, actor=actor[:200], message=message)


def _actor_name(user) -> str:
    return getattr(user, "username", "") or str(user or "")


# --- drafting -------------------------------------------------------------------------------


def draft_content_build(
    *, account, campaign_type: str, language: str, products
) -> tuple[drafting.DraftContent, str]:
    """Copy for a campaign: the configured model if any (checked), else the offline composer."""
    from llm.metering import quota_exceeded, record_usage
    from llm.providers import chat_model_for, model_spec_for
    from shop.selectors import company_info_get

    info = company_info_get()
    shop_name = info.name or account.name
    shop_url = str((info.contact or {}).get("website") or "")
    facts = dict(campaign_type=campaign_type, language=language, products=products, shop_name=shop_name)
    offline = drafting.compose_offline(**facts, shop_url=shop_url, today=timezone.localdate())
    spec = model_spec_for(account, "email")
    if spec.is_offline or quota_exceeded(account):
        return offline, "offline"
    try:
        model = chat_model_for(account, "email").with_structured_output(
            drafting.DraftSchema, include_raw=True
        )
        answer = model.invoke(drafting.provider_prompt(**facts, shop_url=shop_url))
        usage = getattr(answer.get("raw"), "usage_metadata", None) or {}
        record_usage(
            account=account,
            agent="email",
            input_tokens=usage.get("input_tokens", 0),
            output_tokens=usage.get("output_tokens", 0),
        )
        parsed = answer.get("parsed")
        if parsed is None:
            raise ValueError(f"unparseable model output: {answer.get('parsing_error')}")
        content = drafting.finalize(
            drafting.DraftContent(parsed.subject, parsed.preheader, parsed.html, parsed.text), language
        )
    except Exception as exc:  # noqa: BLE001 - a provider failure must still give the owner a draft
        logger.warning("email drafting model failed for %s, using offline composer: %r", account, exc)
        return offline, "offline (fallback)"
    wrong = drafting.ungrounded_prices(content, products)
    if wrong:
        # The model named prices the catalog does not have: its copy cannot be trusted.
        logger.warning(
            "email draft from %s mentioned unknown prices %s; using offline copy", spec.label, wrong
        )
        return offline, "offline (fallback)"
    return content, spec.label


def draft_create(
    *,
    account,
    campaign_type: str,
    language: str,
    product_ids: list[int] | None = None,
    source: str = "dashboard",
    actor: str = "",
    idempotency_key: str | None = None,
) -> EmailDraft:
    """A new draft built from real catalog data (status `draft`; nothing is sent)."""
    if campaign_type not in CampaignType.values:
        raise ValidationError(
            {"type": _("Unknown campaign type. Choose one of: %s.") % ", ".join(CampaignType.values)}
        )
    if language not in LANGUAGES:
        raise ValidationError({"language": _("Language must be 'sl' or 'en'.")})
    if product_ids is not None and (
        not isinstance(product_ids, list)
        or not all(isinstance(i, int) and not isinstance(i, bool) for i in product_ids)
    ):
        raise ValidationError({"product_ids": _("Product ids must be a list of integers.")})
    if idempotency_key:
        existing = EmailDraft.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    products = selectors.campaign_products(campaign_type=campaign_type, product_ids=product_ids or None)
    if product_ids and not products:
        raise ValidationError({"product_ids": _("None of the selected products exist or have a price.")})
    if not products:
        raise ValidationError(
            {"type": _("The catalog has no products that fit this campaign type right now.")}
        )
    content, engine = draft_content_build(
        account=account, campaign_type=campaign_type, language=language, products=products
    )
    fields = dict(
        type=campaign_type,
        language=language,
        subject=content.subject,
        preheader=content.preheader,
        body_html=content.html,
        body_text=content.text,
        product_ids=[p.id for p in products],
        source=source,
        engine=engine,
    )
    if idempotency_key:
        fields["idempotency_key"] = idempotency_key[:64]
    try:
        with transaction.atomic():
            draft = EmailDraft.objects.create(**fields)
            _event(
                draft,
                "created",
                actor,
                _("Drafted by %(engine)s from %(count)d products.")
                % {"engine": engine, "count": len(products)},
            )
    except IntegrityError:
        # Two creates with the same Idempotency-Key raced: the first one wins.
        return EmailDraft.objects.get(idempotency_key=idempotency_key)
    return draft


def email_draft_create(
    *, account, campaign_type: str, language: str, product_ids=None, actor: str = "assistant"
) -> EmailDraft:
    """Entry point for the owner assistant: it may only create drafts, never approve or send."""
    return draft_create(
        account=account,
        campaign_type=campaign_type,
        language=language,
        product_ids=product_ids,
        source="assistant",
        actor=actor,
    )


def draft_update(
    *,
    draft_id: int,
    actor: str,
    subject: str | None = None,
    preheader: str | None = None,
    body_html: str | None = None,
    body_text: str | None = None,
) -> EmailDraft:
    """Edit a draft (re-sanitised). Editing an approved draft withdraws the approval."""
    with transaction.atomic():
        draft = EmailDraft.objects.select_for_update().filter(pk=draft_id).first()
        if draft is None:
            raise EmailDraft.DoesNotExist
        if draft.status not in (DraftStatus.DRAFT, DraftStatus.APPROVED):
            raise ValidationError(_("A campaign that is being sent or was sent cannot be edited."))
        content = drafting.finalize(
            drafting.DraftContent(
                subject=draft.subject if subject is None else subject,
                preheader=draft.preheader if preheader is None else preheader,
                html=draft.body_html if body_html is None else body_html,
                text=draft.body_text if body_text is None else body_text,
            ),
            draft.language,
        )
        if not content.subject:
            raise ValidationError({"subject": _("The subject cannot be empty.")})
        if body_html is not None and not drafting.sanitize_html(body_html).strip():
            raise ValidationError({"body_html": _("The HTML body cannot be empty.")})
        draft.subject, draft.preheader = content.subject, content.preheader
        draft.body_html, draft.body_text = content.html, content.text
        message = ""
        if draft.status == DraftStatus.APPROVED:
            # What the owner approved is no longer what would be sent.
            draft.status, draft.approved_by, draft.approved_at = DraftStatus.DRAFT, None, None
            message = _("Edited after approval: approval withdrawn.")
        draft.save()
        _event(draft, "edited", actor, message)
    return draft


# --- approval and sending -------------------------------------------------------------------


def _is_owner(user) -> bool:
    # Owners are Django users of the tenant schema; an API key identity has no pk.
    return bool(user is not None and getattr(user, "is_authenticated", False) and getattr(user, "pk", None))


def draft_approve(*, draft_id: int, user) -> EmailDraft:
    """draft → approved, by an owner only; who and when are recorded. Approving twice is a no-op."""
    if not _is_owner(user):
        raise PermissionError(_("Only the shop owner, signed in to the dashboard, can approve a campaign."))
    with transaction.atomic():
        draft = EmailDraft.objects.select_for_update().filter(pk=draft_id).first()
        if draft is None:
            raise EmailDraft.DoesNotExist
        if draft.status == DraftStatus.APPROVED:
            return draft
        if draft.status != DraftStatus.DRAFT:
            raise ValidationError(
                _("Only a draft can be approved; this campaign is %s.") % draft.get_status_display()
            )
        draft.status, draft.approved_by, draft.approved_at = DraftStatus.APPROVED, user, timezone.now()
        draft.last_error = ""
        draft.save(update_fields=["status", "approved_by", "approved_at", "last_error", "updated_at"])
        _event(draft, "approved", _actor_name(user))
    return draft


def campaign_send_request(
    *, draft_id: int, actor: str, send_mode: str | None = None, schedule_at: datetime | None = None
) -> EmailDraft:
    """Queue sending of an approved draft. Already sending/sent: nothing happens (double click)."""
    from emailing import tasks

    if send_mode is not None and send_mode not in SendMode.values:
        raise ValidationError(
            {"send_mode": _("Unknown send mode. Choose one of: %s.") % ", ".join(SendMode.values)}
        )
    if send_mode == SendMode.SCHEDULE and (schedule_at is None or schedule_at <= timezone.now()):
        raise ValidationError({"schedule_at": _("A scheduled campaign needs a time in the future.")})
    with transaction.atomic():
        draft = EmailDraft.objects.select_for_update().filter(pk=draft_id).first()
        if draft is None:
            raise EmailDraft.DoesNotExist
        if draft.status in (DraftStatus.SENDING, DraftStatus.SENT):
            return draft
        if draft.status != DraftStatus.APPROVED:
            raise ValidationError(
                _("This campaign is not approved. The owner must approve it before it is sent.")
            )
        if send_mode is not None:
            draft.send_mode = send_mode
            draft.schedule_at = schedule_at if send_mode == SendMode.SCHEDULE else None
            draft.save(update_fields=["send_mode", "schedule_at", "updated_at"])
        _event(draft, "send_requested", actor, draft.get_send_mode_display())
        pk = draft.pk
        transaction.on_commit(lambda: tasks.campaign_send.delay(pk))
    return draft


@dataclass(frozen=True)
class SendOutcome:
    result: str  # sent | already_sent | in_progress | not_approved | missing | failed | unknown
    retry: bool = False
    message: str = ""


def _finish(draft_id: int, token: str, **fields) -> int:
    # Only the holder of the claim may write the result (a resolved or re-claimed draft is left alone).
    return EmailDraft.objects.filter(pk=draft_id, status=DraftStatus.SENDING, claim_token=token).update(
        updated_at=timezone.now(), **fields
    )


def campaign_send(*, account, draft_id: int) -> SendOutcome:
    """Create the Sendy campaign for an approved draft, exactly once (see the module docstring)."""
    config = selectors.sendy_config(account)
    token = str(uuid.uuid4())
    with transaction.atomic():
        draft = EmailDraft.objects.select_for_update().filter(pk=draft_id).first()
        if draft is None:
            return SendOutcome("missing")
        if draft.status == DraftStatus.SENT:
            return SendOutcome("already_sent")
        if draft.status == DraftStatus.SENDING:
            return SendOutcome("in_progress")
        if draft.status != DraftStatus.APPROVED or draft.approved_at is None:
            return SendOutcome("not_approved")  # nothing unapproved is ever sent, whoever asks
        if not config.is_complete or (draft.send_mode == SendMode.SENDY_DRAFT and not config.brand_id):
            draft.last_error = _(
                "The Sendy connection is incomplete: set the URL, API key, list ids, from name and from email (and brand id for Sendy drafts)."
            )
            draft.save(update_fields=["last_error", "updated_at"])
            _event(draft, "failed", "", draft.last_error)
            return SendOutcome("failed", message=draft.last_error)
        draft.status, draft.claim_token, draft.claimed_at = DraftStatus.SENDING, token, timezone.now()
        draft.send_attempts += 1
        draft.outcome_unknown, draft.last_error = False, ""
        draft.save()
        _event(draft, "sending", "", _("Attempt %d") % draft.send_attempts)
    # The claim is committed: from here on no other caller can reach Sendy for this draft.
    request = CampaignRequest(
        title=draft.campaign_title,
        subject=draft.subject,
        html_text=_html_document(draft),
        plain_text=draft.body_text,
    )
    try:
        with SendyClient(config) as client:
            result = client.campaign_create(
                request,
                send=draft.send_mode == SendMode.SEND,
                schedule_at=timezone.localtime(draft.schedule_at, timezone.get_default_timezone()).replace(
                    tzinfo=None
                )
                if draft.send_mode == SendMode.SCHEDULE and draft.schedule_at
                else None,
                schedule_timezone=str(timezone.get_default_timezone()),
            )
    except SendyRetryableError as exc:
        if exc.delivered:
            message = (
                _(
                    "Sendy may or may not have created the campaign (%s). Check Sendy, then mark it sent or release it for sending again."
                )
                % exc
            )
            _finish(draft_id, token, outcome_unknown=True, last_error=message)
            _event(draft, "outcome_unknown", "", message)
            return SendOutcome("unknown", message=message)
        _finish(draft_id, token, status=DraftStatus.APPROVED, claim_token="", last_error=str(exc))
        _event(draft, "failed", "", str(exc))
        return SendOutcome("failed", retry=True, message=str(exc))
    except SendyError as exc:
        # Sendy refused before creating anything: back to approved, the owner sees why and can retry.
        _finish(draft_id, token, status=DraftStatus.APPROVED, claim_token="", last_error=exc.message)
        _event(draft, "failed", "", exc.message)
        return SendOutcome("failed", message=exc.message)
    campaign_id = result.campaign_id or f"gy-{draft.idempotency_key}"
    _finish(
        draft_id,
        token,
        status=DraftStatus.SENT,
        sendy_campaign_id=campaign_id,
        sendy_answer=result.answer[:200],
        sent_at=timezone.now(),
        last_error="",
    )
    _event(draft, "sent", "", result.answer)
    return SendOutcome("sent", message=result.answer)


def _html_document(draft: EmailDraft) -> str:
    from django.template.loader import render_to_string

    return render_to_string("emailing/campaign_email.html", {"draft": draft})


def draft_resolve(*, draft_id: int, user, outcome: str, campaign_id: str = "") -> EmailDraft:
    """Owner resolves a send whose outcome is unknown: `sent` (it exists in Sendy) or `release`."""
    if not _is_owner(user):
        raise PermissionError(_("Only the shop owner can resolve a campaign send."))
    if outcome not in ("sent", "release"):
        raise ValidationError({"outcome": _("Choose 'sent' or 'release'.")})
    with transaction.atomic():
        draft = EmailDraft.objects.select_for_update().filter(pk=draft_id).first()
        if draft is None:
            raise EmailDraft.DoesNotExist
        if draft.status != DraftStatus.SENDING or not (
            draft.outcome_unknown or selectors.claim_is_stale(draft)
        ):
            raise ValidationError(_("Only a send with an unknown outcome can be resolved."))
        if outcome == "sent":
            draft.status, draft.sent_at = DraftStatus.SENT, timezone.now()
            draft.sendy_campaign_id = campaign_id.strip()[:100] or f"gy-{draft.idempotency_key}"
            draft.last_error = ""
        else:
            draft.status = DraftStatus.APPROVED
            draft.last_error = _("Released by the owner after an unknown outcome; it can be sent again.")
        draft.claim_token, draft.outcome_unknown = "", False
        draft.save()
        _event(draft, f"resolved_{outcome}", _actor_name(user))
    return draft
