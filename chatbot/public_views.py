"""Public pages of a tenant host: the widget script and the demo shop page."""

from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from features.selectors import is_enabled

WIDGET_JS = Path(__file__).resolve().parent / "static" / "chatbot" / "widget.js"


@lru_cache(maxsize=1)
def _widget_source() -> bytes:
    return WIDGET_JS.read_bytes()


@require_GET
def widget_js(request):
    """The loader a shop embeds. Cross-origin <script> needs no CORS; it calls back to this host."""
    body = WIDGET_JS.read_bytes() if settings.DEBUG else _widget_source()
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def demo_page(request):
    """A fake shop page embedding the widget exactly as a shop would (script tag + key)."""
    account = request.tenant
    if not is_enabled(account, "chatbot"):
        raise Http404("The chatbot is not enabled for this account.")
    from shop.models import Product

    products = list(Product.objects.filter(is_active=True).select_related("price").order_by("name")[:6])
    lang = request.GET.get("lang") if request.GET.get("lang") in ("sl", "en") else account.default_language
    return render(
        request,
        "chatbot/demo.html",
        {
            "shop": account,
            "products": products,
            "widget_src": request.build_absolute_uri("/widget.js"),
            "lang": lang,
            "extra_css": request.GET.get("css") == "hostile",
        },
    )
