"""Acceptance: the offline engine answers shopper questions about the demo shop with DB-exact facts.

Half the questions are Slovenian, half English. Products named in questions are picked from the
database, and every price, stock figure, hour and policy is compared with what is stored.
"""

from datetime import UTC, datetime

import pytest
from django_tenants.utils import tenant_context

from llm.guardrails import phrase
from llm.render import money, stock_text
from tests.llm.conftest import DEMO_FAQS, DRAFT_FAQ, ask
from tests.llm.helpers import assert_listing_matches_db, product_row

pytestmark = pytest.mark.django_db


def _products(account, **filters):
    from shop.models import Product

    with tenant_context(account):
        return list(
            Product.objects.filter(**filters).select_related("price", "stock").order_by("external_id")
        )


def _company(account):
    from shop.models import CompanyInfo

    with tenant_context(account):
        return CompanyInfo.objects.get()


def _pin_clock(monkeypatch, moment: datetime) -> None:
    import chatbot.tools

    monkeypatch.setattr(chatbot.tools, "now", lambda: moment)


# --- products ---------------------------------------------------------------------------------


def test_sl_red_tshirts_in_m_lists_every_match_with_stored_price_and_stock(demo_shop):
    reply = ask(demo_shop, "Ali imate rdeče majice v velikosti M?")
    assert reply.language == "sl" and reply.tool_calls[0]["name"] == "product_search"
    rows = assert_listing_matches_db(demo_shop, reply.text, "sl")
    expected = {
        p.name
        for p in _products(demo_shop, category="Majice", attributes__color__contains=["red"])
        if "M" in p.attributes["size"]
    }
    assert {row["name"] for row in rows} == expected


def test_en_red_tshirts_in_m_lists_stored_facts(demo_shop):
    reply = ask(demo_shop, "Do you have red t-shirts in size M?")
    assert reply.language == "en"
    rows = assert_listing_matches_db(demo_shop, reply.text, "en")
    assert all("red" in row["attributes"]["color"] and "M" in row["attributes"]["size"] for row in rows)


def test_sl_price_of_named_product(demo_shop):
    row = product_row(demo_shop, external_id="DEMO-0001")
    reply = ask(demo_shop, f"Koliko stane {row['name']}?")
    assert f"{row['name']} stane {money(row['price'], 'EUR', 'sl')}" in reply.text


def test_en_price_of_named_product(demo_shop):
    row = product_row(demo_shop, external_id="DEMO-0002")
    reply = ask(demo_shop, f"How much is the {row['name']}?")
    assert f"{row['name']} costs {money(row['price'], 'EUR', 'en')}" in reply.text


def test_sl_stock_of_named_product(demo_shop):
    row = product_row(demo_shop, external_id="DEMO-0003")
    reply = ask(demo_shop, f"Ali je {row['name']} na zalogi?")
    assert stock_text(row["stock"], "sl") in reply.text


def test_en_stock_by_product_code(demo_shop):
    row = product_row(demo_shop, external_id="DEMO-0005")
    reply = ask(demo_shop, "Is DEMO-0005 in stock?")
    assert reply.tool_calls[0]["args"] == {"product": "DEMO-0005"}
    assert stock_text(row["stock"], "en") in reply.text


def test_en_out_of_stock_product_is_reported_out_of_stock(demo_shop):
    product = next(p for p in _products(demo_shop) if p.stock.quantity == 0)
    reply = ask(demo_shop, f"Is the {product.name} available?")
    assert f"{product.name} costs" in reply.text and "currently out of stock" in reply.text


def test_sl_sale_product_shows_sale_and_regular_price(demo_shop):
    product = next(p for p in _products(demo_shop) if p.price.regular_price)
    reply = ask(demo_shop, f"Koliko stane {product.name}?")
    sale, regular = money(product.price.price, "EUR", "sl"), money(product.price.regular_price, "EUR", "sl")
    assert f"stane {sale} (prej {regular})" in reply.text


def test_sl_sizes_of_named_product(demo_shop):
    row = product_row(demo_shop, external_id="DEMO-0010")
    reply = ask(demo_shop, f"Katere velikosti ima {row['name']}?")
    assert "Velikosti: " + ", ".join(row["attributes"]["size"]) in reply.text


def test_en_sizes_of_named_product(demo_shop):
    row = product_row(demo_shop, external_id="DEMO-0011")
    reply = ask(demo_shop, f"Which sizes does the {row['name']} come in?")
    assert "Sizes: " + ", ".join(row["attributes"]["size"]) in reply.text


def test_sl_black_shoes_size_42(demo_shop):
    reply = ask(demo_shop, "Imate črne čevlje številka 42?")
    rows = assert_listing_matches_db(demo_shop, reply.text, "sl")
    assert all("black" in r["attributes"]["color"] and "42" in r["attributes"]["size"] for r in rows)


def test_en_jackets_under_60_are_all_under_60(demo_shop):
    reply = ask(demo_shop, "Any jackets under 60 €?")
    rows = assert_listing_matches_db(demo_shop, reply.text, "en")
    assert all(r["price"] <= 60 and r["category"] == "Jakne" for r in rows)


def test_sl_sale_listing_only_discounted_products(demo_shop):
    reply = ask(demo_shop, "Kaj je na akciji?")
    rows = assert_listing_matches_db(demo_shop, reply.text, "sl")
    assert all(r["regular_price"] and r["regular_price"] > r["price"] for r in rows)


def test_en_discounted_listing_only_discounted_products(demo_shop):
    reply = ask(demo_shop, "What products are on sale?")
    rows = assert_listing_matches_db(demo_shop, reply.text, "en")
    assert all(r["regular_price"] and r["regular_price"] > r["price"] for r in rows)


def test_sl_what_do_you_sell_names_every_category(demo_shop):
    reply = ask(demo_shop, "Kaj prodajate?")
    categories = {p.category for p in _products(demo_shop)}
    assert all(category in reply.text for category in categories)


def test_en_what_do_you_sell_names_every_category(demo_shop):
    reply = ask(demo_shop, "What do you sell?")
    categories = {p.category for p in _products(demo_shop)}
    assert all(category in reply.text for category in categories)


def test_en_blue_socks(demo_shop):
    reply = ask(demo_shop, "Do you have blue socks?")
    rows = assert_listing_matches_db(demo_shop, reply.text, "en")
    assert all("blue" in r["attributes"]["color"] for r in rows)
    assert any(r["category"] == "Nogavice" for r in rows)


def test_sl_green_jackets(demo_shop):
    reply = ask(demo_shop, "Iščem zelene jakne.")
    rows = assert_listing_matches_db(demo_shop, reply.text, "sl")
    assert all("green" in r["attributes"]["color"] for r in rows)
    assert rows[0]["category"] == "Jakne"


def test_en_cheap_tshirts_under_15(demo_shop):
    reply = ask(demo_shop, "Show me t-shirts under 15 euros")
    rows = assert_listing_matches_db(demo_shop, reply.text, "en")
    assert all(r["price"] <= 15 for r in rows)


# --- hours, open now, contact, policies ----------------------------------------------------------


def _intervals(company) -> set[str]:
    hours = company.working_hours
    return {f"{a}–{b}" for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun") for a, b in hours[day]}


def test_sl_opening_hours_as_configured(demo_shop):
    reply = ask(demo_shop, "Kakšen je vaš delovni čas?")
    assert all(interval in reply.text for interval in _intervals(_company(demo_shop)))
    assert "ned zaprto" in reply.text


def test_en_opening_hours_as_configured(demo_shop):
    reply = ask(demo_shop, "What are your opening hours?")
    assert all(interval in reply.text for interval in _intervals(_company(demo_shop)))
    assert "Sun closed" in reply.text


def test_sl_open_now_on_a_wednesday_morning(demo_shop, monkeypatch):
    _pin_clock(monkeypatch, datetime(2026, 11, 25, 9, 30, tzinfo=UTC))  # 10:30 in Ljubljana
    reply = ask(demo_shop, "Ali ste zdaj odprti?")
    assert "Da, trenutno smo odprti – danes do 17:00." in reply.text


def test_en_closed_on_sunday_opens_monday_morning(demo_shop, monkeypatch):
    _pin_clock(monkeypatch, datetime(2026, 11, 29, 11, 0, tzinfo=UTC))  # Sunday noon
    reply = ask(demo_shop, "Are you open now?")
    assert "We're closed right now. We open again tomorrow at 09:00." in reply.text


def test_en_open_now_uses_shop_timezone_in_summer(demo_shop, monkeypatch):
    # Thursday 17:30 UTC is 19:30 in Ljubljana (CEST): closed, though 17:30 < 19:00 in UTC.
    _pin_clock(monkeypatch, datetime(2026, 7, 9, 17, 30, tzinfo=UTC))
    reply = ask(demo_shop, "Are you open right now?")
    assert "We're closed right now. We open again tomorrow at 09:00." in reply.text


def test_sl_closed_on_configured_holiday(demo_shop, monkeypatch):
    _pin_clock(monkeypatch, datetime(2026, 12, 25, 10, 0, tzinfo=UTC))  # Christmas, a Friday
    reply = ask(demo_shop, "Ali ste danes odprti?")
    # 26 Dec is a closed date too, 27 Dec a Sunday: next opening Monday 28 Dec.
    assert "Trenutno smo zaprti. Ponovno odpremo v ponedeljek (28. 12.) ob 09:00." in reply.text


def test_sl_phone_number(demo_shop):
    reply = ask(demo_shop, "Kakšna je vaša telefonska številka?")
    assert _company(demo_shop).contact["phone"] in reply.text


def test_en_email_address(demo_shop):
    reply = ask(demo_shop, "What's your email address?")
    assert _company(demo_shop).contact["email"] in reply.text


def test_sl_where_are_you_located(demo_shop):
    reply = ask(demo_shop, "Kje se nahajate?")
    assert _company(demo_shop).contact["address"] in reply.text


@pytest.mark.parametrize(
    ("question", "lang", "topic"),
    [
        ("Koliko stane dostava?", "sl", "shipping"),
        ("How much is shipping?", "en", "shipping"),
        ("Kako lahko vrnem izdelek?", "sl", "returns"),
        ("What is your return policy?", "en", "returns"),
        ("Kako lahko plačam?", "sl", "payment"),
        ("Do you accept PayPal?", "en", "payment"),
        ("Kakšna je garancija?", "sl", "warranty"),
        ("What warranty do your products have?", "en", "warranty"),
    ],
)
def test_policy_answer_is_the_stored_policy(demo_shop, question, lang, topic):
    reply = ask(demo_shop, question)
    assert reply.language == lang
    # Add-on tools (e.g. support tickets) may add their own paragraph; the policy is stated as stored.
    assert {"name": "company_info", "args": {"topic": topic}} in [
        {"name": c["name"], "args": c["args"]} for c in reply.tool_calls
    ]
    assert _company(demo_shop).policies[topic][lang] in reply.text.split("\n\n")


# --- FAQs, honest "don't know", small talk ---------------------------------------------------------


def test_en_faq_gift_wrapping(demo_shop):
    reply = ask(demo_shop, "Do you offer gift wrapping?")
    assert reply.text == DEMO_FAQS[1][1]


def test_sl_faq_shop_in_maribor(demo_shop):
    reply = ask(demo_shop, "Ali imate trgovino v Mariboru?")
    assert reply.text == DEMO_FAQS[2][1]


def test_en_faq_order_by_phone(demo_shop):
    reply = ask(demo_shop, "Can I order by phone?")
    assert reply.text.startswith(DEMO_FAQS[3][1])


def test_sl_faq_gift(demo_shop):
    reply = ask(demo_shop, "Ali lahko izdelek podarim kot darilo?")
    assert reply.text == DEMO_FAQS[0][1]


def test_sl_draft_faq_is_never_used_and_unknown_product_is_admitted(demo_shop):
    reply = ask(demo_shop, "Ali prodajate kolesa?")
    assert DRAFT_FAQ[1] not in reply.text and "Skrivnost" not in reply.text
    assert reply.text.startswith("Žal nisem našel izdelkov")


def test_en_unknown_product_is_admitted(demo_shop):
    reply = ask(demo_shop, "Do you sell bicycles?")
    assert reply.text.startswith("Sorry, I couldn't find any products")


def test_en_off_topic_question_gets_honest_dont_know(demo_shop):
    reply = ask(demo_shop, "Who won the world cup in 1998?")
    assert reply.tool_calls == [] and reply.text == phrase("dont_know", "en")


def test_sl_off_topic_question_gets_honest_dont_know(demo_shop):
    reply = ask(demo_shop, "Kakšno bo jutri vreme?")
    assert reply.tool_calls == [] and reply.text == phrase("dont_know", "sl")


def test_sl_greeting(demo_shop):
    reply = ask(demo_shop, "Dober dan!")
    assert reply.text == phrase("greeting", "sl", shop=demo_shop.name)


def test_en_greeting(demo_shop):
    reply = ask(demo_shop, "Hello!")
    assert reply.text == phrase("greeting", "en", shop=demo_shop.name)


def test_language_follows_each_message(demo_shop):
    history = [
        {"role": "user", "content": "Koliko stane dostava?"},
        {"role": "assistant", "content": "Dostava stane 3,90 €."},
    ]
    reply = ask(demo_shop, "And what is your return policy?", history=history)
    assert reply.language == "en"
    assert _company(demo_shop).policies["returns"]["en"] in reply.text.split("\n\n")


def test_sl_follow_up_price_refers_to_the_product_named_before(demo_shop):
    row = product_row(demo_shop, external_id="DEMO-0004")
    history = [
        {"role": "user", "content": f"Ali imate {row['name']}?"},
        {"role": "assistant", "content": "Da."},
    ]
    reply = ask(demo_shop, "Koliko stane?", history=history)
    assert f"{row['name']} stane {money(row['price'], 'EUR', 'sl')}" in reply.text


def test_en_follow_up_size_keeps_the_earlier_product_words(demo_shop):
    history = [
        {"role": "user", "content": "Do you have red t-shirts?"},
        {"role": "assistant", "content": "Yes."},
    ]
    reply = ask(demo_shop, "And in size XL?", history=history)
    rows = assert_listing_matches_db(demo_shop, reply.text, "en")
    assert all("XL" in r["attributes"]["size"] and "red" in r["attributes"]["color"] for r in rows)
