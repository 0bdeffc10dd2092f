"""Writes for the chatbot: sessions, shopper and owner messages, the bot's reply, handoff, leads,
FAQs, widget settings, GDPR deletion and retention purge."""

import logging
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import connection, transaction
from django.utils import timezone

from chatbot import rules, texts
from chatbot.models import FAQ, ChatLead, ChatMessage, ChatSession
from chatbot.selectors import history_for_agent
from chatbot.streams import publish
from chatbot.widget_settings import widget_settings

log = logging.getLogger(__name__)


def visitor_id_new() -> str:
    return "v_" + secrets.token_urlsafe(18)


def session_start(
    *,
    visitor_id: str | None,
    session_id: str | None = None,
    customer_id: int | None = None,
    language: str = "sl",
    page_url: str = "",
    channel: str = "widget",
) -> ChatSession:
    """Resume the visitor's session when the id is theirs, otherwise start a new one."""
    if visitor_id and session_id:
        session = ChatSession.objects.filter(session_id=session_id, visitor_id=visitor_id).first()
        if session is not None:
            if customer_id and session.customer_id != customer_id:
                session.customer_id = customer_id
                session.save(update_fields=["customer_id"])
            return session
    return ChatSession.objects.create(
        visitor_id=visitor_id or visitor_id_new(),
        customer_id=customer_id,
        language=language if language in ("sl", "en") else "sl",
        page_url=(page_url or "")[:500],
        channel=channel,
    )


def _notice(session: ChatSession, role: str, content: str, meta: dict | None = None) -> ChatMessage:
    message = ChatMessage.objects.create(session=session, role=role, content=content, meta=meta or {})
    publish(connection.schema_name, session.session_id, {"type": "message", "message": message.as_dict()})
    return message


def message_post(*, account, session: ChatSession, content: str, language: str) -> ChatMessage:
    """Store the shopper's message first (it is never lost), then start the reply.

    The reply runs in a Celery task (inline when Celery is eager or the broker is down). While a
    human has the conversation the bot stays silent.
    """
    with transaction.atomic():
        # Row lock: two tabs of one shopper posting at once must not both flip the handoff state.
        session = ChatSession.objects.select_for_update().get(pk=session.pk)
        message = ChatMessage.objects.create(session=session, role=ChatMessage.Role.USER, content=content)
        session.last_activity_at = timezone.now()
        session.language = language
        fields = ["last_activity_at", "language"]
        asked_human = session.handoff_status == ChatSession.Handoff.BOT and rules.wants_human(content)
        if asked_human:
            session.handoff_status = ChatSession.Handoff.HUMAN_REQUESTED
            fields.append("handoff_status")
        session.save(update_fields=fields)
    publish(connection.schema_name, session.session_id, {"type": "message", "message": message.as_dict()})
    if asked_human:
        _notice(
            session,
            ChatMessage.Role.SYSTEM,
            texts.say(texts.HANDOFF_REQUESTED, language),
            {"offer_lead": True},
        )
        _owner_mail(
            account,
            subject=f"Chat: a shopper asks for a person ({session.session_id[:8]})",
            body=f"A shopper asked to talk to a person:\n\n{content}\n\nReply in the inbox: /chat/{session.pk}/",
        )
    elif session.handoff_status == ChatSession.Handoff.BOT:
        reply_dispatch(session=session, message=message)
    return message


def reply_dispatch(*, session: ChatSession, message: ChatMessage) -> None:
    from chatbot.tasks import chat_reply

    try:
        chat_reply.delay(session.pk, message.pk)
    except Exception:  # noqa: BLE001 - broker down: answer inline rather than leave the shopper waiting
        log.warning("chat_reply enqueue failed; answering inline", exc_info=True)
        reply_generate(account=connection.tenant, session_pk=session.pk, user_message_id=message.pk)


def reply_generate(*, account, session_pk: int, user_message_id: int) -> ChatMessage | None:
    """Run the agent for one shopper message and store its answer (the task body)."""
    from llm.context import AgentContext
    from llm.language import detect_language

    session = ChatSession.objects.filter(pk=session_pk).first()
    if session is None or session.handoff_status != ChatSession.Handoff.BOT:
        return None
    # Idempotent under acks_late redelivery: one answer per shopper message.
    if session.messages.filter(meta__reply_to=user_message_id).exists():
        return None
    user_message = session.messages.filter(pk=user_message_id).first()
    if user_message is None:
        return None
    lang = detect_language(user_message.content, default=session.language)
    schema, sid = connection.schema_name, session.session_id
    publish(schema, sid, {"type": "typing"})
    meta: dict = {"reply_to": user_message_id}
    tokens = 0
    tool_calls: list = []
    try:
        from llm.runtime import agent_reply

        context = AgentContext(
            account_id=account.pk,
            schema_name=schema,
            agent="chatbot",
            channel=session.channel,
            session_id=sid,
            customer_id=session.customer_id,
            language=lang,
            extra={"visitor_id": session.visitor_id},
        )
        reply = agent_reply(
            account=account,
            context=context,
            history=history_for_agent(session=session, up_to_id=user_message_id),
            on_delta=lambda chunk: publish(schema, sid, {"type": "delta", "text": chunk}),
        )
        text = (reply.text or "").strip() or texts.say(texts.APOLOGY, lang)
        tokens = int(reply.total_tokens or 0)
        tool_calls = list(reply.tool_calls or [])
        lang = reply.language or lang
        if not reply.tool_calls and not reply.over_quota:
            meta["offer_lead"] = True
    except Exception:  # noqa: BLE001 - the shopper gets an apology, never a stack trace
        log.exception("chat reply failed for session %s", sid)
        text = texts.say(texts.APOLOGY, lang)
        meta.update(error=True, offer_lead=True)
    captured = any(call.get("name") == "lead_capture" for call in tool_calls)
    if rules.wants_contact(user_message.content) and not captured:
        text = f"{text}\n\n{texts.say(texts.CONTACT_OFFER, lang)}"
        meta["offer_lead"] = True
    closed_note = _closed_note(account, session, lang)
    if closed_note:
        text = f"{text}\n\n{closed_note}"
        meta["offer_lead"] = True
    with transaction.atomic():
        # Re-check under the row lock: the owner may have taken over while the model was thinking.
        locked = ChatSession.objects.select_for_update().get(pk=session.pk)
        if locked.handoff_status != ChatSession.Handoff.BOT:
            return None
        reply_message = ChatMessage.objects.create(
            session=locked, role=ChatMessage.Role.ASSISTANT, content=text, tokens=tokens, meta=meta
        )
        locked.last_activity_at = timezone.now()
        locked.save(update_fields=["last_activity_at"])
    publish(schema, sid, {"type": "message", "message": reply_message.as_dict()})
    return reply_message


def _closed_note(account, session: ChatSession, lang: str) -> str:
    from shop.selectors import company_info_get

    if session.closed_notice_given:
        return ""
    hours = company_info_get().working_hours or {}
    tz = rules.shop_timezone(hours, getattr(account, "timezone", ""))
    if rules.is_open(hours, timezone.now(), tz) is not False:
        return ""
    ChatSession.objects.filter(pk=session.pk).update(closed_notice_given=True)
    return texts.say(texts.CLOSED, lang, hours=rules.hours_text(hours, lang) or "—")


def handoff_request(*, account, session: ChatSession) -> ChatSession:
    if session.handoff_status == ChatSession.Handoff.BOT:
        ChatSession.objects.filter(pk=session.pk).update(handoff_status=ChatSession.Handoff.HUMAN_REQUESTED)
        session.refresh_from_db()
        _notice(
            session,
            ChatMessage.Role.SYSTEM,
            texts.say(texts.HANDOFF_REQUESTED, session.language),
            {"offer_lead": True},
        )
        _owner_mail(
            account,
            subject="Chat: a shopper asks for a person",
            body=f"Reply in the inbox: /chat/{session.pk}/",
        )
    return session


def owner_reply(*, session: ChatSession, content: str) -> ChatMessage:
    """The owner answers from the inbox; this takes the conversation over from the bot."""
    content = rules.clean_message(content)
    if not content:
        raise ValidationError({"content": "Write a reply first."})
    if len(content) > rules.MAX_MESSAGE_CHARS:
        raise ValidationError({"content": f"Keep the reply under {rules.MAX_MESSAGE_CHARS} characters."})
    with transaction.atomic():
        locked = ChatSession.objects.select_for_update().get(pk=session.pk)
        joined = locked.handoff_status != ChatSession.Handoff.HUMAN
        locked.handoff_status = ChatSession.Handoff.HUMAN
        locked.last_activity_at = timezone.now()
        locked.save(update_fields=["handoff_status", "last_activity_at"])
    if joined:
        _notice(locked, ChatMessage.Role.SYSTEM, texts.say(texts.OWNER_JOINED, locked.language))
    return _notice(locked, ChatMessage.Role.OWNER, content)


def session_hand_back(*, session: ChatSession) -> ChatSession:
    ChatSession.objects.filter(pk=session.pk).update(handoff_status=ChatSession.Handoff.BOT)
    session.refresh_from_db()
    _notice(session, ChatMessage.Role.SYSTEM, texts.say(texts.HANDED_BACK, session.language))
    return session


def lead_create(
    *,
    account,
    session: ChatSession | None,
    visitor_id: str = "",
    name: str = "",
    email: str = "",
    phone: str = "",
    message: str = "",
    consent: bool = False,
    consent_text: str = "",
    source_addon: str = "core",
    language: str = "sl",
) -> ChatLead:
    """Record a contact request; consent is required and stored with its wording and time."""
    email, phone, name = (email or "").strip(), (phone or "").strip(), (name or "").strip()[:200]
    if not email and not phone:
        raise ValidationError({"email": texts.say(texts.LEAD_NEEDS_CONTACT, language)})
    if email and (len(email) > 254 or not rules.EMAIL_RE.fullmatch(email)):
        raise ValidationError({"email": texts.say(texts.LEAD_BAD_EMAIL, language)})
    if phone and not rules.PHONE_RE.fullmatch(phone):
        raise ValidationError({"phone": texts.say(texts.LEAD_BAD_PHONE, language)})
    if not consent:
        raise ValidationError({"consent": texts.say(texts.LEAD_NEEDS_CONSENT, language)})
    with transaction.atomic():
        lead = ChatLead.objects.create(
            session=session,
            visitor_id=visitor_id or (session.visitor_id if session else ""),
            name=name,
            email=email,
            phone=phone,
            message=(message or "").strip()[:2000],
            consent=True,
            consent_text=consent_text or texts.say(texts.CONSENT_TEXT, language),
            consented_at=timezone.now(),
            source_addon=source_addon,
        )
        if session is not None:
            ChatSession.objects.filter(pk=session.pk).update(has_lead=True)
    _lead_alert(account, lead)
    return lead


def _lead_alert(account, lead: ChatLead) -> None:
    """The owner's lead alert: emailing's transactional template (sl/en, anymail metadata)."""
    from emailing.transactional import send_transactional

    recipient = widget_settings(account)["lead_email"] or getattr(account, "owner_email", "")
    if not recipient:
        return
    try:
        send_transactional(
            template="lead_alert",
            to=recipient,
            language=getattr(account, "default_language", "sl"),
            context={
                "lead_name": lead.name or lead.email or lead.phone,
                "lead_email": lead.email,
                "lead_phone": lead.phone,
                "message": lead.message,
                "inbox_url": f"http://{getattr(account, 'domain_url', None) or ''}/chat/leads/"
                if getattr(account, "domain_url", None)
                else "",
            },
            metadata={"lead_id": lead.pk, "source_addon": lead.source_addon},
            account=account,
        )
    except Exception:  # noqa: BLE001 - a mail outage must not lose the lead (already stored)
        log.warning("lead alert mail failed", exc_info=True)


def _owner_mail(account, *, subject: str, body: str) -> None:
    recipient = widget_settings(account)["lead_email"] or getattr(account, "owner_email", "")
    if not recipient:
        return
    try:
        send_mail(subject, body, None, [recipient])
    except Exception:  # noqa: BLE001 - a mail outage must not lose the lead (already stored)
        log.warning("owner notification mail failed", exc_info=True)


def faq_save(
    *, faq: FAQ | None = None, question: str, answer: str, category: str = "", status: str = FAQ.Status.DRAFT
) -> FAQ:
    question, answer = (question or "").strip(), (answer or "").strip()
    if not question or not answer:
        raise ValidationError({"question": "A FAQ needs a question and an answer."})
    if status not in FAQ.Status.values:
        raise ValidationError({"status": f"Status must be one of: {', '.join(FAQ.Status.values)}."})
    faq = faq or FAQ()
    faq.question, faq.answer, faq.category, faq.status = (
        question[:2000],
        answer[:8000],
        category.strip()[:100],
        status,
    )
    faq.save()
    return faq


def faq_set_status(*, faq: FAQ, status: str) -> FAQ:
    if status not in FAQ.Status.values:
        raise ValidationError({"status": f"Status must be one of: {', '.join(FAQ.Status.values)}."})
    faq.status = status
    faq.save(update_fields=["status", "updated_at"])
    return faq


def widget_settings_update(*, account, data: dict) -> dict:
    """Validate and store the widget part of the chatbot.core config (other keys are kept)."""
    from features.selectors import feature_config
    from features.services import feature_set

    config = feature_config(account, "chatbot", "core", decrypt_secrets=False)
    config = {k: v for k, v in config.items() if v != "••••••"}
    for key in (
        "title",
        "greeting",
        "primary_color",
        "position",
        "allowed_origins",
        "retention_days",
        "lead_email",
    ):
        if key in data:
            value = data[key]
            if value in ("", None, []):
                config.pop(key, None)
            else:
                config[key] = value
    feature_set(account=account, agent="chatbot", feature="core", config=config)
    return widget_settings(account)


def visitor_delete(*, visitor_id: str) -> dict:
    """Erase one visitor: their sessions (with messages) and their leads."""
    with transaction.atomic():
        leads = ChatLead.objects.filter(visitor_id=visitor_id).delete()[0]
        sessions = ChatSession.objects.filter(visitor_id=visitor_id)
        session_count = sessions.count()
        sessions.delete()
    return {"sessions": session_count, "leads": leads}


def retention_purge(*, days: int) -> int:
    """Delete conversations idle for longer than the retention period (leads stay, unlinked)."""
    cutoff = timezone.now() - timedelta(days=max(1, int(days)))
    old = ChatSession.objects.filter(last_activity_at__lt=cutoff)
    count = old.count()
    old.delete()
    return count
