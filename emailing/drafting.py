"""Campaign copy: the deterministic sl/en composer, HTML sanitising and the compliance checks.

Pure module (no ORM): it receives catalog facts (shop `ProductHit`-like objects) and returns a
`DraftContent`. The provider path (a real model) produces the same schema; its output is
sanitised and checked here too (`ungrounded_prices`), so a model cannot slip in prices that do
not exist or drop the unsubscribe link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from html import escape

import nh3
from pydantic import BaseModel, Field

ALLOWED_TAGS = {
    "a", "b", "blockquote", "br", "div", "em", "h1", "h2", "h3", "h4", "hr", "i", "img", "li", "ol",
    "p", "s", "small", "span", "strong", "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
    "unsubscribe", "webversion",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"align", "valign", "width"},
    "th": {"align", "valign", "width"},
    "table": {"width", "cellpadding", "cellspacing", "role", "align"},
    "*": {"style"},
}
ALLOWED_STYLES = {
    "color", "background-color", "font-size", "font-weight", "font-family", "font-style", "text-align",
    "text-decoration", "line-height", "padding", "margin", "border", "border-radius", "width",
    "max-width", "display",
}  # fmt: skip
UNSUBSCRIBE_HTML_RE = re.compile(r"<unsubscribe>.*?</unsubscribe>", re.S | re.I)


class DraftSchema(BaseModel):
    """Structured output of a drafting model."""

    subject: str = Field(description="Email subject line, at most 120 characters")
    preheader: str = Field(description="Preview text shown after the subject, at most 200 characters")
    html: str = Field(description="HTML body (simple tags, inline styles)")
    text: str = Field(description="Plain-text body")


@dataclass
class DraftContent:
    subject: str
    preheader: str
    html: str
    text: str


def sanitize_html(html: str) -> str:
    """Allow-list sanitising (nh3): no scripts, event handlers, forms or javascript: links."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        filter_style_properties=ALLOWED_STYLES,
        url_schemes={"http", "https", "mailto"},
    ).strip()


def with_unsubscribe(content: DraftContent, language: str) -> DraftContent:
    """Sendy's unsubscribe tags in both bodies (added when missing; never removable by an edit)."""
    html, text = content.html, content.text
    if not UNSUBSCRIBE_HTML_RE.search(html):
        html += f'\n<p style="font-size:12px;color:#666">{escape(T[language]["unsub_html"])} <unsubscribe>{escape(T[language]["unsub_link"])}</unsubscribe></p>'
    if "[unsubscribe]" not in text:
        text = text.rstrip() + f"\n\n{T[language]['unsub_text']} [unsubscribe]\n"
    return DraftContent(content.subject, content.preheader, html, text)


def finalize(content: DraftContent, language: str) -> DraftContent:
    """Sanitise, trim and add the unsubscribe tags: the one path every draft body takes."""
    cleaned = DraftContent(
        subject=" ".join((content.subject or "").split())[:200],
        preheader=" ".join((content.preheader or "").split())[:250],
        html=sanitize_html(content.html),
        text=(content.text or "").strip(),
    )
    return with_unsubscribe(cleaned, language)


# --- money and grounding --------------------------------------------------------------------


def format_price(amount: Decimal | None, language: str, currency: str = "EUR") -> str:
    if amount is None:
        return ""
    value = f"{Decimal(amount):,.2f}"
    symbol = "€" if currency == "EUR" else currency
    if language == "sl":
        value = value.replace(",", " ").replace(".", ",").replace(" ", ".")
        return f"{value} {symbol}"
    return f"{symbol}{value}" if symbol == "€" else f"{value} {symbol}"


_MONEY_RE = re.compile(r"(?:€\s?(\d[\d.,]*\d|\d))|(?:(\d[\d.,]*\d|\d)\s?(?:€|EUR\b|eur\b))")


def _amount(token: str) -> Decimal | None:
    token = token.strip()
    if "," in token and ("." not in token or token.rfind(",") > token.rfind(".")):
        token = token.replace(".", "").replace(",", ".")  # 1.234,50 (sl)
    else:
        token = token.replace(",", "")  # 1,234.50 (en)
    try:
        return Decimal(token).quantize(Decimal("0.01"))
    except ArithmeticError:
        return None


def mentioned_prices(text: str) -> set[Decimal]:
    found = set()
    for match in _MONEY_RE.finditer(text or ""):
        amount = _amount(match.group(1) or match.group(2))
        if amount is not None:
            found.add(amount)
    return found


def ungrounded_prices(content: DraftContent, products) -> set[Decimal]:
    """Amounts the copy mentions that are neither a price nor a regular price of the products."""
    known = set()
    for product in products:
        for value in (product.price, product.regular_price):
            if value is not None:
                known.add(Decimal(value).quantize(Decimal("0.01")))
    plain = re.sub(r"<[^>]+>", " ", content.html)
    return (
        mentioned_prices(plain) | mentioned_prices(content.text) | mentioned_prices(content.subject)
    ) - known


# --- the offline composer -------------------------------------------------------------------

T = {
    "sl": {
        "hello": "Pozdravljeni,",
        "view": "Poglej izdelek",
        "shop": "Obiščite trgovino",
        "was": "prej",
        "unsub_html": "Ne želite več prejemati naših novic?",
        "unsub_link": "Odjava",
        "unsub_text": "Odjava od novic:",
        "bye": "Lep pozdrav,",
        "new_products": (
            "Novo v trgovini {shop}",
            "Sveže v ponudbi: {first} in še več.",
            "v naši trgovini so pravkar prispeli novi izdelki. Izbrali smo nekaj najzanimivejših:",
        ),
        "back_in_stock": (
            "Spet na zalogi: {first}",
            "Priljubljeni izdelki so znova na voljo.",
            "dobra novica: izdelki, po katerih ste povpraševali, so spet na zalogi. Pohitite, zaloge so omejene.",
        ),
        "sale": (
            "Akcija v trgovini {shop}: do -{discount} %",
            "Znižane cene za {first} in druge izdelke.",
            "pripravili smo znižanja na izbrane izdelke. Cene veljajo do razprodaje zalog:",
        ),
        "seasonal": (
            "{season_title} v trgovini {shop}",
            "Naš izbor za {season}.",
            "za {season} smo izbrali izdelke, ki jih naši kupci imajo najraje:",
        ),
        "newsletter": (
            "Novice trgovine {shop}",
            "Kaj je novega in kaj kupci najraje izbirajo.",
            "tokrat vam predstavljamo izdelke, ki so bili zadnje čase najbolj priljubljeni:",
        ),
        "abandoned_cart": (
            "Ste kaj pozabili? Izdelki vas še čakajo",
            "Vaš izbor je še na voljo v trgovini {shop}.",
            "opazili smo, da ste si ogledovali naše izdelke. Še vedno so na voljo:",
        ),
        "seasons": {"spring": "pomlad", "summer": "poletje", "autumn": "jesen", "winter": "zimo"},
        "season_titles": {"spring": "Pomladni izbor", "summer": "Poletni izbor", "autumn": "Jesenski izbor", "winter": "Zimski izbor"},
    },
    "en": {
        "hello": "Hello,",
        "view": "View product",
        "shop": "Visit the shop",
        "was": "was",
        "unsub_html": "Don't want these emails any more?",
        "unsub_link": "Unsubscribe",
        "unsub_text": "Unsubscribe:",
        "bye": "Best regards,",
        "new_products": (
            "New at {shop}",
            "Just in: {first} and more.",
            "new products have just arrived in our shop. Here are a few highlights:",
        ),
        "back_in_stock": (
            "Back in stock: {first}",
            "Popular products are available again.",
            "good news: products you asked about are back in stock. Be quick, stock is limited.",
        ),
        "sale": (
            "Sale at {shop}: up to {discount}% off",
            "Lower prices on {first} and more.",
            "we have reduced prices on selected products while stock lasts:",
        ),
        "seasonal": (
            "{season_title} at {shop}",
            "Our picks for {season}.",
            "for {season} we picked the products our customers love most:",
        ),
        "newsletter": (
            "News from {shop}",
            "What's new and what customers choose most.",
            "this time we present the products that have been most popular lately:",
        ),
        "abandoned_cart": (
            "Forgot something? Your picks are waiting",
            "Your selection is still available at {shop}.",
            "we noticed you were looking at our products. They are still available:",
        ),
        "seasons": {"spring": "spring", "summer": "summer", "autumn": "autumn", "winter": "winter"},
        "season_titles": {"spring": "Spring picks", "summer": "Summer picks", "autumn": "Autumn picks", "winter": "Winter picks"},
    },
}  # fmt: skip


def season_of(day: date) -> str:
    return {12: "winter", 1: "winter", 2: "winter", 3: "spring", 4: "spring", 5: "spring",
            6: "summer", 7: "summer", 8: "summer"}.get(day.month, "autumn")  # fmt: skip


def max_discount(products) -> int:
    best = 0
    for p in products:
        if p.regular_price and p.price is not None and p.regular_price > p.price:
            best = max(best, int((1 - Decimal(p.price) / Decimal(p.regular_price)) * 100))
    return best


def compose_offline(
    *, campaign_type: str, language: str, products, shop_name: str, shop_url: str = "", today: date
) -> DraftContent:
    """Deterministic copy from catalog facts only: every name, price and link comes from `products`."""
    lang = language if language in T else "sl"
    t = T[lang]
    subject_t, pre_t, intro = t[campaign_type]
    season = season_of(today)
    first = products[0].name if products else shop_name
    values = {
        "shop": shop_name,
        "first": first,
        "discount": max_discount(products),
        "season": t["seasons"][season],
        "season_title": t["season_titles"][season],
    }
    subject, preheader = subject_t.format(**values), pre_t.format(**values)
    intro = intro.format(**values)

    cards_html, lines = [], []
    for p in products:
        price = format_price(p.price, lang, p.currency)
        was = ""
        if p.regular_price and p.price is not None and p.regular_price > p.price:
            was = format_price(p.regular_price, lang, p.currency)
        link = f' <a href="{escape(p.url)}">{escape(t["view"])}</a>' if p.url else ""
        old = f' <s style="color:#888">{escape(was)}</s>' if was else ""
        cards_html.append(f"<li><strong>{escape(p.name)}</strong> — {escape(price)}{old}{link}</li>")
        line = f"- {p.name}: {price}" + (f" ({t['was']} {was})" if was else "")
        lines.append(line + (f"\n  {p.url}" if p.url else ""))

    shop_link = f'<p><a href="{escape(shop_url)}">{escape(t["shop"])}</a></p>' if shop_url else ""
    html = (
        f"<h1>{escape(subject)}</h1>\n<p>{escape(t['hello'])}</p>\n<p>{escape(intro)}</p>\n"
        f"<ul>\n{chr(10).join(cards_html)}\n</ul>\n{shop_link}\n"
        f"<p>{escape(t['bye'])}<br>{escape(shop_name)}</p>"
    )
    text = (
        f"{t['hello']}\n\n{intro}\n\n"
        + "\n".join(lines)
        + (f"\n\n{t['shop']}: {shop_url}" if shop_url else "")
    )
    text += f"\n\n{t['bye']}\n{shop_name}\n"
    return finalize(DraftContent(subject, preheader, html, text), lang)


def provider_prompt(*, campaign_type: str, language: str, products, shop_name: str, shop_url: str) -> str:
    """Instructions for a real model: facts listed explicitly, nothing else allowed."""
    lang_name = "Slovenian" if language == "sl" else "English"
    facts = "\n".join(
        f"- id {p.id}: {p.name}; price {format_price(p.price, language, p.currency)}"
        + (f"; regular price {format_price(p.regular_price, language, p.currency)}" if p.on_sale else "")
        + (f"; link {p.url}" if p.url else "")
        for p in products
    )
    return (
        f"Write a marketing email campaign of type '{campaign_type}' in {lang_name} for the shop "
        f"'{shop_name}' ({shop_url or 'no website'}). Use ONLY these products, names, prices and links; "
        f"do not invent products, prices, discounts or dates:\n{facts}\n"
        "Return subject, preheader, an HTML body with simple tags and inline styles, and a plain-text body. "
        "End both bodies with the unsubscribe placeholder: HTML <unsubscribe>…</unsubscribe>, text [unsubscribe]."
    )
