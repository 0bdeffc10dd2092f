"""Owner dashboard pages of the add-ons: render, act, validate, gate and isolate."""

import pytest
from django.db import connection

from tests.addons.conftest import disable, product_id
from tests.conftest import host

pytestmark = pytest.mark.django_db

PAGES = [
    ("/addons/tickets/", "chatbot", "support_tickets"),
    ("/addons/pricing/", "chatbot", "price_calculator"),
    ("/addons/pricing/new/", "chatbot", "price_calculator"),
    ("/addons/sizes/", "chatbot", "size_advisor"),
    ("/addons/sizes/new/", "chatbot", "size_advisor"),
    ("/addons/stock-alerts/", "chatbot", "stock_alerts"),
    ("/addons/rfqs/", "assistant", "b2b_rfq"),
    ("/addons/leads/", "assistant", "lead_qualifier"),
    ("/addons/finder/", "chatbot", "product_finder"),
    ("/addons/descriptions/", "assistant", "description_generator"),
    ("/addons/faqs/", "chatbot", "faq_generator"),
]


@pytest.fixture
def owner_client_b(tenant_b, client, django_user_model):
    """A second browser logged in as tenant B's owner."""
    from django.test import Client

    from accounts.services import owner_create

    owner_create(account=tenant_b, email="owner@beta.test", password="correct-horse-9")
    other = Client(HTTP_HOST=host(tenant_b))
    assert (
        other.post("/login/", {"username": "owner@beta.test", "password": "correct-horse-9"}).status_code
        == 302
    )
    connection.set_schema_to_public()
    return other


@pytest.mark.parametrize(("path", "agent", "feature"), PAGES)
def test_page_renders_and_is_404_when_the_addon_is_off(
    owner_client_a, catalog, tenant_a, path, agent, feature
):
    assert owner_client_a.get(path).status_code == 200
    disable(tenant_a, agent, feature)
    assert owner_client_a.get(path).status_code == 404


def test_pages_need_a_login(client, tenant_a):
    response = client.get("/addons/tickets/", HTTP_HOST=host(tenant_a))
    assert (response.status_code, response["Location"].startswith("/login/")) == (302, True)


def test_overview_lists_addons_with_their_state(owner_client_a, tenant_a):
    disable(tenant_a, "chatbot", "size_advisor")
    html = owner_client_a.get("/addons/").content.decode()
    assert 'href="/addons/tickets/"' in html
    assert 'href="/addons/sizes/"' not in html


def test_ticket_status_change(owner_client_a, tenant_a, in_tenant):
    from addons.services import ticket_create

    with in_tenant(tenant_a):
        ticket = ticket_create(issue="Pokvarjeno", email="a@b.si")
    response = owner_client_a.post(f"/addons/tickets/{ticket.pk}/status/", {"status": "in_progress"})
    assert response.status_code == 302
    with in_tenant(tenant_a):
        ticket.refresh_from_db()
        assert ticket.status == "in_progress"


def test_pricing_rule_editor_saves_valid_json(owner_client_a, catalog, tenant_a, in_tenant):
    from addons.models import PricingRule

    body = {
        "name": "Transparenti",
        "product": "BANNER",
        "params": '{"unit": "m2", "unit_price": "24.90"}',
        "is_active": "on",
    }
    assert owner_client_a.post("/addons/pricing/new/", body).status_code == 302
    with in_tenant(tenant_a):
        rule = PricingRule.objects.get()
        assert (rule.product_id, rule.params) == (
            product_id(tenant_a, "BANNER"),
            {"unit": "m2", "unit_price": "24.90"},
        )


def test_pricing_rule_editor_shows_field_errors_with_400(owner_client_a, tenant_a):
    response = owner_client_a.post(
        "/addons/pricing/new/", {"name": "X", "params": '{"unit": "kg", "unit_price": "x"}'}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "params.unit: Mora biti eno od: m2, piece." in html
    assert "params.unit_price: Mora biti znesek" in html


def test_pricing_rule_editor_refuses_broken_json(owner_client_a, tenant_a):
    response = owner_client_a.post("/addons/pricing/new/", {"name": "X", "params": "{unit: m2"})
    assert response.status_code == 400
    assert "Not valid JSON" in response.content.decode() or "Neveljaven JSON" in response.content.decode()


def test_size_chart_editor_validates_and_saves(owner_client_a, tenant_a, in_tenant):
    from addons.models import SizeChart

    bad = owner_client_a.post(
        "/addons/sizes/new/",
        {"category": "Majice", "chart": '{"sizes": [{"size": "M", "chest": [100, 90]}]}'},
    )
    assert bad.status_code == 400
    assert "chart.sizes[0].chest" in bad.content.decode()
    good = owner_client_a.post(
        "/addons/sizes/new/",
        {"category": "Majice", "chart": '{"sizes": [{"size": "M", "chest": [90, 100]}]}'},
    )
    assert good.status_code == 302
    with in_tenant(tenant_a):
        assert SizeChart.objects.get().chart == {
            "unit": "cm",
            "sizes": [{"size": "M", "chest": [90.0, 100.0]}],
        }


def test_rfq_draft_button_proposes_the_quote(owner_client_a, catalog, tenant_a, in_tenant):
    from addons.services import rfq_create

    with in_tenant(tenant_a):
        rfq = rfq_create(
            details={"email": "b@firma.si", "items": [{"product": "Rdeča majica", "quantity": 5}]}
        )
    assert owner_client_a.post(f"/addons/rfqs/{rfq.pk}/draft/").status_code == 302
    with in_tenant(tenant_a):
        rfq.refresh_from_db()
        assert rfq.draft_action.status == "suggested"


def test_description_button_proposes_and_leads_to_the_inbox(owner_client_a, catalog, tenant_a, in_tenant):
    from assistant.models import AssistantAction

    pid = product_id(tenant_a, "TS-RED")
    response = owner_client_a.post(f"/addons/descriptions/{pid}/draft/", {"language": "sl"})
    assert (response.status_code, response["Location"]) == (302, "/assistant/actions/")
    with in_tenant(tenant_a):
        assert AssistantAction.objects.get().payload["product_id"] == pid
    assert owner_client_a.post("/addons/descriptions/999999/draft/", {"language": "sl"}).status_code == 400


def test_lead_scoring_and_stock_send_buttons(owner_client_a, tenant_a, in_tenant):
    from addons.models import LeadScore
    from chatbot.models import ChatLead

    with in_tenant(tenant_a):
        ChatLead.objects.create(email="x@firma.si", consent=True)
    assert owner_client_a.post("/addons/leads/score/").status_code == 302
    assert owner_client_a.post("/addons/stock-alerts/send/").status_code == 302
    with in_tenant(tenant_a):
        assert LeadScore.objects.get().score == 30
    assert "x@firma.si" in owner_client_a.get("/addons/leads/").content.decode()


def test_faq_generate_button_saves_drafts(owner_client_a, tenant_a, in_tenant):
    from chatbot.models import FAQ
    from shop.services import company_info_update

    with in_tenant(tenant_a):
        company_info_update(contact={}, working_hours={}, policies={"payment": {"sl": "Kartica ali PayPal."}})
    assert "Kako lahko plačam?" in owner_client_a.get("/addons/faqs/").content.decode()
    assert owner_client_a.post("/addons/faqs/generate/", {"language": "sl"}).status_code == 302
    with in_tenant(tenant_a):
        assert list(FAQ.objects.values_list("question", "status")) == [("Kako lahko plačam?", "draft")]


def test_tenant_b_owner_cannot_see_or_touch_tenant_a_rows(
    owner_client_a, owner_client_b, catalog, tenant_a, in_tenant
):
    from addons.services import pricing_rule_save, rfq_create, size_chart_save, ticket_create

    with in_tenant(tenant_a):
        ticket = ticket_create(issue="Alpha secret issue", email="a@alpha.si")
        rule = pricing_rule_save(name="Alpha rule", params={"unit_price": "3"})
        chart = size_chart_save(category="Alpha chart", chart={"sizes": [{"size": "M", "chest": [1, 2]}]})
        rfq = rfq_create(details={"email": "alpha@buyer.si", "items": [{"product": "X", "quantity": 1}]})
    for path in ("/addons/tickets/", "/addons/pricing/", "/addons/sizes/", "/addons/rfqs/"):
        html = owner_client_b.get(path).content.decode()
        assert "Alpha" not in html and "alpha@" not in html, path
    assert owner_client_b.get(f"/addons/pricing/{rule.pk}/").status_code == 404
    assert owner_client_b.get(f"/addons/sizes/{chart.pk}/").status_code == 404
    for path in (f"/addons/tickets/{ticket.pk}/status/", f"/addons/pricing/{rule.pk}/delete/",
                 f"/addons/sizes/{chart.pk}/delete/", f"/addons/rfqs/{rfq.pk}/draft/"):  # fmt: skip
        assert owner_client_b.post(path, {"status": "resolved"}).status_code == 404, path
    with in_tenant(tenant_a):
        ticket.refresh_from_db()
        assert ticket.status == "new"
    # Tenant A's session cookie is not a login on tenant B's host.
    assert owner_client_a.get("/addons/tickets/", HTTP_HOST=host(owner_client_b_account())).status_code == 302


def test_tenant_b_pages_and_buttons_never_reach_tenant_a_data(owner_client_b, catalog, tenant_a, in_tenant):
    from django.core import mail

    from addons.services import finder_recommend, leads_score_pending
    from addons.stock_alerts import stock_subscribe
    from chatbot.models import ChatLead
    from shop.services import company_info_update
    from tests.addons.conftest import seed

    pid = product_id(tenant_a, "TS-BLUE")
    with in_tenant(tenant_a):
        stock_subscribe(product_id=pid, email="alpha-sub@example.com", consent=True)
        ChatLead.objects.create(email="alpha-lead@example.com", consent=True)
        leads_score_pending()
        finder_recommend(answers={"material": "wool"})
        company_info_update(contact={}, working_hours={}, policies={"returns": {"sl": "Alpha vračila."}})
    seed(tenant_a, [{"external_id": "TS-BLUE", "stock": 5}])
    pages = {
        "/addons/stock-alerts/": "alpha-sub@",
        "/addons/leads/": "alpha-lead@",
        "/addons/finder/": "Zelen pulover",
        "/addons/faqs/": "Alpha vračila",
        "/addons/descriptions/?missing=0": "Rdeča majica",
    }
    for path, secret in pages.items():
        response = owner_client_b.get(path)
        assert response.status_code == 200 and secret not in response.content.decode(), path
    assert owner_client_b.post("/addons/stock-alerts/send/").status_code == 302
    assert owner_client_b.post("/addons/faqs/generate/", {"language": "sl"}).status_code == 302
    assert mail.outbox == []
    with in_tenant(tenant_a):
        from chatbot.models import FAQ

        assert not FAQ.objects.exists()


def owner_client_b_account():
    from accounts.models import Account

    return Account.objects.get(schema_name="beta")


def test_pages_are_in_slovenian_by_default(owner_client_a, tenant_a):
    html = owner_client_a.get("/addons/tickets/").content.decode()
    assert "<h1>Reklamacije</h1>" in html
    assert "Reklamacij še ni." in html
