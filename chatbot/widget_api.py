"""The public widget API (per tenant host): authorised by the account's widget key plus its
allowed origins, with CORS. Every refusal is the JSON error shape with a translated message.

    GET     /api/v1/chat/widget/config/                         widget look and opening state
    POST    /api/v1/chat/widget/sessions/                       start or resume a session
    GET     /api/v1/chat/widget/sessions/<sid>/messages/        history (?after=<cursor>)
    POST    /api/v1/chat/widget/sessions/<sid>/messages/        post a shopper message → 202
    GET     /api/v1/chat/widget/sessions/<sid>/stream/          SSE (Last-Event-ID or ?cursor=)
    POST    /api/v1/chat/widget/sessions/<sid>/lead/            contact form (consent required)
    POST    /api/v1/chat/widget/sessions/<sid>/handoff/         ask for a person
    GET/DELETE /api/v1/chat/widget/visitor/                     export / erase the visitor's data
"""

import functools
import json
import secrets

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from chatbot import rules, selectors, services, texts
from chatbot.sse import event_stream
from chatbot.widget_settings import origin_allowed, public_settings
from config.api import error_response
from features.selectors import is_enabled

ALLOW_HEADERS = "Content-Type, X-Widget-Key, X-Visitor-Id, Last-Event-ID"


def _limit(name: str, default: tuple[int, int]) -> tuple[int, int]:
    return getattr(settings, name, default)


def _lang(request, body: dict | None = None) -> str:
    lang = (body or {}).get("lang") or request.GET.get("lang") or request.headers.get("X-Widget-Lang") or ""
    lang = str(lang)[:2].lower()
    if lang in ("sl", "en"):
        return lang
    return getattr(request.tenant, "default_language", "sl") or "sl"


def _cors(response: HttpResponse, origin: str) -> HttpResponse:
    if origin:
        response["Access-Control-Allow-Origin"] = origin
        response["Access-Control-Allow-Methods"] = "GET, POST, DELETE, OPTIONS"
        response["Access-Control-Allow-Headers"] = ALLOW_HEADERS
        response["Access-Control-Max-Age"] = "600"
    response["Vary"] = "Origin"
    return response


def _origin(request) -> str:
    origin = request.headers.get("Origin", "")
    if not origin and request.headers.get("Sec-Fetch-Site") == "same-origin":
        # Browsers omit Origin on same-origin GETs; the fetch metadata says where it came from.
        origin = f"{request.scheme}://{request.get_host()}"
    return origin


def widget_endpoint(view):
    """Preflight, feature gate, origin and widget-key checks, CORS on every answer."""

    @csrf_exempt  # no cookies are used; the key + origin authorise the call
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        account = request.tenant
        origin = _origin(request)
        lang = _lang(request)
        allowed = origin_allowed(account, origin, request.get_host())
        if request.method == "OPTIONS":
            return _cors(HttpResponse(status=204), origin) if allowed else HttpResponse(status=403)
        if not is_enabled(account, "chatbot"):
            return _cors(error_response(404, texts.say(texts.DISABLED, lang), code="not_found"), origin)
        if not allowed:
            return _cors(
                error_response(403, texts.say(texts.BAD_ORIGIN, lang), code="origin_not_allowed"), origin
            )
        key = request.headers.get("X-Widget-Key") or request.GET.get("key") or ""
        if not secrets.compare_digest(str(key), account.widget_key):
            return _cors(error_response(403, texts.say(texts.BAD_KEY, lang), code="bad_widget_key"), origin)
        return _cors(view(request, *args, **kwargs), origin)

    return wrapper


def _body(request) -> tuple[dict | None, JsonResponse | None]:
    lang = _lang(request)
    if len(request.body) > rules.MAX_BODY_BYTES:
        return None, error_response(
            413, texts.say(texts.TOO_LONG, lang, max=rules.MAX_MESSAGE_CHARS), code="message_too_long"
        )
    try:
        raw = request.body.decode("utf-8")
    except UnicodeDecodeError:
        return None, error_response(400, texts.say(texts.NOT_UTF8, lang), code="not_utf8")
    try:
        data = json.loads(raw or "{}")
    except ValueError:
        return None, error_response(400, texts.say(texts.BAD_JSON, lang), code="bad_json")
    if not isinstance(data, dict):
        return None, error_response(400, texts.say(texts.BAD_JSON, lang), code="bad_json")
    return data, None


def _visitor(request, body: dict | None = None) -> str:
    return str(
        (body or {}).get("visitor_id")
        or request.headers.get("X-Visitor-Id")
        or request.GET.get("visitor_id")
        or ""
    )


def _session(request, session_id: str, body: dict | None = None):
    visitor = _visitor(request, body)
    session = None
    if rules.SESSION_RE.match(session_id or "") and rules.VISITOR_RE.match(visitor):
        session = selectors.session_for_widget(session_id=session_id, visitor_id=visitor)
    if session is None:
        return None, error_response(
            404, texts.say(texts.NO_SESSION, _lang(request, body)), code="session_not_found"
        )
    return session, None


def _session_post(request, session_id: str):
    """The common start of a POST to a session: (body, language, session, None) or an error answer."""
    if request.method != "POST":
        return None, None, None, error_response(405, texts.say(texts.METHOD, _lang(request)))
    data, error = _body(request)
    if error:
        return None, None, None, error
    session, error = _session(request, session_id, data)
    return data, _lang(request, data), session, error


def _rate_ok(key: str, limit: tuple[int, int]) -> bool:
    """Fixed-window counter in the tenant-prefixed cache (Redis in production)."""
    count, window = limit
    cache.add(key, 0, window)
    try:
        return cache.incr(key) <= count
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return True


def _client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


@widget_endpoint
def config_view(request):
    lang = _lang(request)
    return JsonResponse(
        {"settings": public_settings(request.tenant, lang), "open": _open_now(request.tenant)}
    )


def _open_now(account) -> bool | None:
    from shop.selectors import company_info_get

    hours = company_info_get().working_hours or {}
    return rules.is_open(hours, timezone.now(), rules.shop_timezone(hours, account.timezone))


@widget_endpoint
def sessions_view(request):
    if request.method != "POST":
        return error_response(405, texts.say(texts.METHOD, _lang(request)))
    data, error = _body(request)
    if error:
        return error
    lang = _lang(request, data)
    if not _rate_ok(f"chat:rl:start:{_client_ip(request)}", _limit("CHATBOT_SESSION_RATE", (30, 60))):
        return error_response(429, texts.say(texts.RATE_LIMITED, lang), code="rate_limited")
    visitor = _visitor(request, data)
    if visitor and not rules.VISITOR_RE.match(visitor):
        return error_response(400, texts.say(texts.BAD_VISITOR, lang), code="bad_visitor")
    customer_id = data.get("customer_id")
    try:
        customer_id = int(customer_id) if customer_id not in (None, "") else None
    except (TypeError, ValueError):
        customer_id = None
    session = services.session_start(
        visitor_id=visitor or None,
        session_id=str(data.get("session_id") or ""),
        customer_id=customer_id if customer_id and customer_id > 0 else None,
        language=lang,
        page_url=str(data.get("page_url") or ""),
    )
    return JsonResponse(
        {
            "session_id": session.session_id,
            "visitor_id": session.visitor_id,
            "handoff_status": session.handoff_status,
            "messages": [m.as_dict() for m in selectors.messages_after(session=session)],
            "reply_pending": selectors.reply_pending(session=session),
            "settings": public_settings(request.tenant, lang),
            "open": _open_now(request.tenant),
            "consent_text": texts.say(texts.CONSENT_TEXT, lang),
        },
        status=201,
    )


@widget_endpoint
def messages_view(request, session_id: str):
    if request.method == "GET":
        session, error = _session(request, session_id)
        if error:
            return error
        try:
            after = int(request.GET.get("after") or 0)
        except ValueError:
            after = 0
        return JsonResponse(
            {
                "messages": [m.as_dict() for m in selectors.messages_after(session=session, cursor=after)],
                "handoff_status": session.handoff_status,
                "reply_pending": selectors.reply_pending(session=session),
            }
        )
    data, lang, session, error = _session_post(request, session_id)
    if error:
        return error
    content = data.get("content")
    if not isinstance(content, str) or not rules.clean_message(content):
        return error_response(400, texts.say(texts.EMPTY, lang), code="empty_message")
    content = rules.clean_message(content)
    try:
        content.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates from "\ud800" JSON escapes
        return error_response(400, texts.say(texts.NOT_UTF8, lang), code="not_utf8")
    if len(content) > rules.MAX_MESSAGE_CHARS:
        return error_response(
            413, texts.say(texts.TOO_LONG, lang, max=rules.MAX_MESSAGE_CHARS), code="message_too_long"
        )
    if not _rate_ok(
        f"chat:rl:v:{session.visitor_id}", _limit("CHATBOT_VISITOR_RATE", (10, 60))
    ) or not _rate_ok(f"chat:rl:ip:{_client_ip(request)}", _limit("CHATBOT_IP_RATE", (60, 60))):
        return error_response(429, texts.say(texts.RATE_LIMITED, lang), code="rate_limited")
    from llm.metering import quota_exceeded

    if quota_exceeded(request.tenant):
        return error_response(429, texts.say(texts.QUOTA, lang), code="quota_exceeded")
    message = services.message_post(account=request.tenant, session=session, content=content, language=lang)
    session.refresh_from_db(fields=["handoff_status"])
    return JsonResponse({"message": message.as_dict(), "handoff_status": session.handoff_status}, status=202)


@widget_endpoint
def stream_view(request, session_id: str):
    session, error = _session(request, session_id)
    if error:
        return error
    try:
        cursor = int(request.headers.get("Last-Event-ID") or request.GET.get("cursor") or 0)
    except ValueError:
        cursor = 0
    # The generator outlives this view; it pins the schema itself (see chatbot.sse).
    response = StreamingHttpResponse(
        event_stream(
            schema=connection.schema_name,
            session_pk=session.pk,
            session_id=session.session_id,
            cursor=cursor,
            max_seconds=float(getattr(settings, "CHATBOT_STREAM_SECONDS", 25)),
        ),
        content_type="text/event-stream; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # nginx: do not buffer the stream
    return response


@widget_endpoint
def lead_view(request, session_id: str):
    data, lang, session, error = _session_post(request, session_id)
    if error:
        return error
    if not _rate_ok(f"chat:rl:lead:{session.visitor_id}", (5, 600)):
        return error_response(429, texts.say(texts.RATE_LIMITED, lang), code="rate_limited")
    try:
        lead = services.lead_create(
            account=request.tenant,
            session=session,
            name=str(data.get("name") or ""),
            email=str(data.get("email") or ""),
            phone=str(data.get("phone") or ""),
            message=str(data.get("message") or ""),
            consent=data.get("consent") is True,
            consent_text=texts.say(texts.CONSENT_TEXT, lang),
            source_addon=str(data.get("source_addon") or "core")[:50],
            language=lang,
        )
    except ValidationError as exc:
        messages = next(iter(exc.message_dict.values()))
        return error_response(400, messages[0], code="validation_error", details=exc.message_dict)
    return JsonResponse({"id": lead.pk, "message": texts.say(texts.LEAD_THANKS, lang)}, status=201)


@widget_endpoint
def handoff_view(request, session_id: str):
    _data, _lang_code, session, error = _session_post(request, session_id)
    if error:
        return error
    session = services.handoff_request(account=request.tenant, session=session)
    return JsonResponse({"handoff_status": session.handoff_status})


@widget_endpoint
def visitor_view(request):
    """The visitor's own data: GET exports it, DELETE erases it (GDPR, self-service)."""
    data = {}
    if request.method == "DELETE":
        data, error = _body(request)
        if error:
            return error
    visitor = _visitor(request, data)
    if not rules.VISITOR_RE.match(visitor):
        return error_response(400, texts.say(texts.BAD_VISITOR, _lang(request, data)), code="bad_visitor")
    if request.method == "GET":
        return JsonResponse(selectors.visitor_export(visitor_id=visitor))
    if request.method == "DELETE":
        return JsonResponse({"deleted": services.visitor_delete(visitor_id=visitor)})
    return error_response(405, texts.say(texts.METHOD, _lang(request)))
