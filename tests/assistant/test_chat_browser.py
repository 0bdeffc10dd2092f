"""The assistant chat page in a real browser (Debian Chromium via Playwright): the owner logs in,
asks, and the answer appears from the stream and stays after a reload."""

import os

import pytest
from django_tenants.utils import tenant_context
from playwright.sync_api import expect, sync_playwright

from tests.assistant.helpers import local, order, product

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--host-resolver-rules=MAP *.localhost 127.0.0.1",
]


@pytest.fixture
def page(monkeypatch, tenants_committed, live_server):
    from accounts.services import owner_create
    from assistant.analytics import local_today

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    alpha, _ = tenants_committed
    owner_create(account=alpha, email="owner@alpha.test", password="correct-horse-9")
    today = local_today("Europe/Ljubljana")
    with tenant_context(alpha):
        order(local(today.year, today.month, today.day, 0, 5), [(product("Linen Shirt"), 2, "24.90")])
    port = live_server.url.rsplit(":", 1)[1]
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"), args=CHROMIUM_ARGS
        )
        tab = browser.new_page(locale="en-US")
        tab.goto(f"http://alpha.localhost:{port}/login/")
        tab.fill("input[name=username]", "owner@alpha.test")
        tab.fill("input[name=password]", "correct-horse-9")
        tab.click("button[type=submit]")
        tab.goto(f"http://alpha.localhost:{port}/assistant/")
        yield tab
        browser.close()


def test_owner_asks_and_the_streamed_answer_stays_after_reload(page):
    page.click('form[action$="/sessions/new/"] button')  # new conversation
    page.fill("textarea[name=content]", "How much did we sell today?")
    page.click("#chat-form button")
    answer = page.locator(".msg.assistant .text")
    expect(answer).to_contain_text("49.80", timeout=20000)
    page.reload()
    expect(page.locator(".msg.assistant .text")).to_contain_text("49.80")
    expect(page.locator(".msg.user .text")).to_contain_text("How much did we sell today?")
