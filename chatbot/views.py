"""Owner inbox (dashboard, /chat/...): conversations, transcript with reply and hand-back, leads
with CSV export, FAQ management, widget settings with snippet and live preview, visitor data."""

import csv
import json
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chatbot import selectors, services
from chatbot.forms import FaqForm, ReplyForm, VisitorForm, WidgetSettingsForm
from chatbot.models import FAQ, ChatSession
from chatbot.widget_settings import widget_settings
from features.gates import feature_required


def owner_view(view):
    return login_required(feature_required("chatbot")(view))


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


@owner_view
def inbox(request):
    params = request.GET
    sessions = selectors.session_list(
        query=params.get("q", "").strip()[:200],
        handoff=params.get("handoff", ""),
        lead=params.get("lead", ""),
        date_from=_date(params.get("from")),
        date_to=_date(params.get("to")),
    )
    page = Paginator(sessions, 30).get_page(params.get("page"))
    waiting = ChatSession.objects.filter(handoff_status=ChatSession.Handoff.HUMAN_REQUESTED).count()
    return render(
        request,
        "chatbot/inbox.html",
        {"page": page, "params": params, "waiting": waiting, "handoff_choices": ChatSession.Handoff.choices},
    )


@owner_view
def transcript(request, pk: int):
    session = get_object_or_404(ChatSession, pk=pk)
    context = {"session": session, "chat_messages": session.messages.order_by("id"), "form": ReplyForm()}
    if request.headers.get("HX-Request"):
        return render(request, "chatbot/_messages.html", context)
    return render(request, "chatbot/transcript.html", context)


@owner_view
@require_POST
def reply(request, pk: int):
    session = get_object_or_404(ChatSession, pk=pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.owner_reply(session=session, content=form.cleaned_data["content"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Write a reply first."))
    return redirect("chat-transcript", pk=pk)


@owner_view
@require_POST
def hand_back(request, pk: int):
    session = get_object_or_404(ChatSession, pk=pk)
    services.session_hand_back(session=session)
    messages.success(request, _("The assistant answers this conversation again."))
    return redirect("chat-transcript", pk=pk)


@owner_view
def leads(request):
    page = Paginator(selectors.lead_list(), 50).get_page(request.GET.get("page"))
    return render(request, "chatbot/leads.html", {"page": page})


@owner_view
def leads_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="chat-leads.csv"'
    response.write("\ufeff")  # BOM: spreadsheet apps then read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(
        ["created_at", "name", "email", "phone", "message", "consent", "consented_at", "source", "session"]
    )
    for lead in selectors.lead_list().iterator():
        writer.writerow(
            [
                lead.created_at.isoformat(),
                _csv_safe(lead.name),
                _csv_safe(lead.email),
                _csv_safe(lead.phone),
                _csv_safe(lead.message),
                "yes" if lead.consent else "no",
                lead.consented_at.isoformat() if lead.consented_at else "",
                lead.source_addon,
                lead.session.session_id if lead.session else "",
            ]
        )
    return response


def _csv_safe(value: str) -> str:
    """Shopper-typed text must not run as a spreadsheet formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@owner_view
def faqs(request):
    status = request.GET.get("status", "")
    qs = FAQ.objects.order_by("category", "question")
    if status in FAQ.Status.values:
        qs = qs.filter(status=status)
    return render(
        request, "chatbot/faqs.html", {"faqs": qs, "status": status, "statuses": FAQ.Status.choices}
    )


@owner_view
def faq_edit(request, pk: int | None = None):
    faq = get_object_or_404(FAQ, pk=pk) if pk else None
    initial = (
        {"question": faq.question, "answer": faq.answer, "category": faq.category, "status": faq.status}
        if faq
        else None
    )
    form = FaqForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.faq_save(faq=faq, **form.cleaned_data)
        messages.success(request, _("FAQ saved."))
        return redirect("chat-faqs")
    return render(request, "chatbot/faq_form.html", {"form": form, "faq": faq})


@owner_view
@require_POST
def faq_status(request, pk: int):
    faq = get_object_or_404(FAQ, pk=pk)
    try:
        services.faq_set_status(faq=faq, status=request.POST.get("status", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("chat-faqs")


@owner_view
def settings_page(request):
    account = request.tenant
    current = widget_settings(account)
    initial = {**current, "allowed_origins": "\n".join(current["allowed_origins"])}
    form = WidgetSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.widget_settings_update(account=account, data=form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Widget settings saved."))
            return redirect("chat-settings")
    widget_src = request.build_absolute_uri("/widget.js")
    snippet = f'<script src="{widget_src}" async data-key="{account.widget_key}"></script>'
    return render(
        request,
        "chatbot/settings.html",
        {"form": form, "snippet": snippet, "widget_src": widget_src, "widget_key": account.widget_key},
    )


@owner_view
def visitor_data(request):
    form = VisitorForm(request.POST or request.GET or None)
    if form.is_bound and form.is_valid():
        visitor = form.cleaned_data["visitor_id"]
        if request.method == "POST" and request.POST.get("action") == "delete":
            deleted = services.visitor_delete(visitor_id=visitor)
            messages.success(
                request,
                _("Deleted %(sessions)s conversations and %(leads)s leads of this visitor.") % deleted,
            )
            return redirect("chat-visitor")
        if request.GET.get("download"):
            response = JsonResponse(
                selectors.visitor_export(visitor_id=visitor), json_dumps_params={"indent": 2}
            )
            response["Content-Disposition"] = f'attachment; filename="visitor-{visitor}.json"'
            return response
        export = selectors.visitor_export(visitor_id=visitor)
        return render(
            request,
            "chatbot/visitor.html",
            {"form": form, "export": export, "pretty": json.dumps(export, indent=2)},
        )
    return render(request, "chatbot/visitor.html", {"form": form})
