"""The widget in a real browser (Debian Chromium via Playwright) on the demo shop page."""

import os
import re

import pytest
from django_tenants.utils import tenant_context
from playwright.sync_api import expect, sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP *.localhost 127.0.0.1",
]


@pytest.fixture
def browser(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # ordinary blocking calls and safe here.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"), args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def demo(tenants_committed, live_server):
    from shop.services import product_bulk_sync

    alpha, _ = tenants_committed
    row = {
        "external_id": "demo-1",
        "name": "Blue cotton T-shirt",
        "category": "T-shirts",
        "description": "A soft blue t-shirt",
        "attributes": {"color": ["blue"], "size": ["M", "L"]},
        "price": "24.90",
        "stock": 7,
    }
    with tenant_context(alpha):
        assert product_bulk_sync(rows=[row]).created == 1
    port = live_server.url.rsplit(":", 1)[1]
    return {"url": f"http://alpha.localhost:{port}/demo/?lang=en", "port": port, "account": alpha}


def _shadow_texts(page, selector):
    return page.evaluate(
        "(sel) => [...document.querySelector('growiyo-chat').shadowRoot.querySelectorAll(sel)]"
        ".map(e => e.textContent)",
        selector,
    )


def test_widget_answers_product_question_with_db_price_and_survives_reload(browser, demo):
    page = browser.new_page()
    page.goto(demo["url"])
    page.get_by_role("button", name="Open chat").click()
    expect(page.get_by_role("dialog", name="Chat with the shop")).to_be_visible()
    box = page.get_by_role("textbox", name="Message")
    box.fill("How much is the blue cotton t-shirt?")
    box.press("Enter")
    answer = page.locator("growiyo-chat .m.assistant").filter(has_text=re.compile(r"24[.,]90"))
    expect(answer).to_be_visible(timeout=20_000)

    page.reload()
    expect(page.locator("growiyo-chat .m.user")).to_have_text(
        re.compile("How much is the blue cotton t-shirt"), timeout=10_000
    )
    expect(page.locator("growiyo-chat .m.assistant").filter(has_text=re.compile(r"24[.,]90"))).to_be_visible()


def test_hostile_page_styles_do_not_leak_into_widget(browser, demo):
    page = browser.new_page()
    page.goto(demo["url"] + "&css=hostile")
    page.add_style_tag(content="* { color: red !important; background: yellow !important }")
    page.get_by_role("button", name="Open chat").click()
    expect(page.locator("growiyo-chat .m.assistant").first).to_be_visible()
    colours = page.evaluate(
        """() => {
          const root = document.querySelector('growiyo-chat').shadowRoot;
          return [...root.querySelectorAll('.m, .m span, h2, textarea, .bar button')]
            .map(e => getComputedStyle(e).color);
        }"""
    )
    assert colours and "rgb(255, 0, 0)" not in colours
    page_colour = page.evaluate("getComputedStyle(document.querySelector('h1')).color")
    assert page_colour == "rgb(255, 0, 0)"


def test_widget_uses_slovenian_from_page_language_and_owner_colour(browser, demo):
    from chatbot.services import widget_settings_update

    widget_settings_update(account=demo["account"], data={"primary_color": "#aa3300", "title": "Klepet Alfa"})
    page = browser.new_page()
    page.goto(demo["url"].replace("lang=en", "lang=sl"))
    page.get_by_role("button", name="Odpri klepet").click()
    expect(page.get_by_role("dialog", name="Klepet Alfa")).to_be_visible()
    colour = page.evaluate(
        "getComputedStyle(document.querySelector('growiyo-chat').shadowRoot.querySelector('header')).backgroundColor"
    )
    assert colour == "rgb(170, 51, 0)"


def test_widget_is_keyboard_operable_and_announces_messages(browser, demo):
    page = browser.new_page()
    page.goto(demo["url"])
    launcher = page.get_by_role("button", name="Open chat")
    launcher.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("textbox", name="Message")).to_be_focused()
    assert page.locator("growiyo-chat [role=log]").get_attribute("aria-live") == "polite"
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()
    expect(launcher).to_be_focused()


def test_widget_fills_a_phone_screen(browser, demo):
    page = browser.new_page(viewport={"width": 375, "height": 667})
    page.goto(demo["url"])
    page.get_by_role("button", name="Open chat").click()
    box = page.locator("growiyo-chat .panel").bounding_box()
    assert box["width"] == 375 and box["height"] == 667


def test_model_text_is_shown_as_text_not_html(browser, demo, monkeypatch):
    page = browser.new_page()
    page.goto(demo["url"])
    page.get_by_role("button", name="Open chat").click()
    box = page.get_by_role("textbox", name="Message")
    box.fill('<img src=x onerror="window.pwned=1">')
    box.press("Enter")
    expect(page.locator("growiyo-chat .m.user")).to_have_text(re.compile("<img src=x"))
    assert page.evaluate("window.pwned") is None
    assert (
        page.evaluate("document.querySelector('growiyo-chat').shadowRoot.querySelectorAll('img').length") == 0
    )


def test_widget_lead_form_records_consented_lead(browser, demo):
    from chatbot.models import ChatLead

    page = browser.new_page()
    page.goto(demo["url"])
    page.get_by_role("button", name="Open chat").click()
    page.locator("growiyo-chat .bar button", has_text="Leave your contact").click()
    page.get_by_label("Email").fill("shopper@example.com")
    page.locator("growiyo-chat form.lead button[type=submit]").click()
    expect(page.locator("growiyo-chat .err")).to_have_text(re.compile("agree to be contacted"))
    page.get_by_label(re.compile("I agree that the shop stores")).check()
    page.locator("growiyo-chat form.lead button[type=submit]").click()
    expect(page.locator("growiyo-chat .m.system").last).to_have_text("Thank you! We will contact you soon.")
    with tenant_context(demo["account"]):
        assert ChatLead.objects.get().email == "shopper@example.com"


def test_owner_reply_streams_into_the_open_widget(browser, demo, settings):
    from chatbot import services
    from chatbot.models import ChatSession

    page = browser.new_page()
    page.goto(demo["url"])
    page.get_by_role("button", name="Open chat").click()
    page.get_by_role("button", name="Talk to a person").click()
    expect(page.locator("growiyo-chat .m.system").first).to_contain_text("asked a colleague")
    with tenant_context(demo["account"]):
        session = ChatSession.objects.get()
        assert session.handoff_status == "human_requested"
        services.owner_reply(session=session, content="Hello, Ana from the shop here.")
    expect(page.locator("growiyo-chat .m.owner")).to_contain_text(
        "Hello, Ana from the shop here.", timeout=15_000
    )
    with tenant_context(demo["account"]):
        services.session_hand_back(session=session)
    expect(page.locator("growiyo-chat .m.system").last).to_contain_text("assistant again", timeout=15_000)
