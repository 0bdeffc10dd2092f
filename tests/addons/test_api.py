"""REST API of the add-ons: every route works, is gated, isolated between tenants, and refuses
bad input with a 400 naming the field."""

import pytest

from tests.addons.conftest import api, disable, product_id

pytestmark = pytest.mark.django_db

CHART = {"unit": "cm", "sizes": [{"size": "M", "chest": [94, 102]}, {"size": "L", "chest": [102, 110]}]}
RULE = {"name": "Tisk", "params": {"unit": "m2", "unit_price": "20", "minimum_charge": "25"}}
RFQ = {
    "details": {
        "company": "Firma",
        "email": "buyer@firma.si",
        "items": [{"product": "Rdeča majica", "quantity": 50}],
    }
}


def test_ticket_created_listed_and_status_changed(client, tenant_a, api_key_a):
    created = api(
        client,
        tenant_a,
        "post",
        "tickets/",
        api_key_a,
        {"issue": "Broken zipper", "email": "a@b.si", "kind": "warranty"},
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    changed = api(client, tenant_a, "patch", f"tickets/{pk}/", api_key_a, {"status": "resolved"})
    assert changed.json()["status"] == "resolved"
    listed = api(client, tenant_a, "get", "tickets/?status=resolved", api_key_a)
    assert [t["id"] for t in listed.json()["results"]] == [pk]


def test_ticket_bad_input_names_the_fields(client, tenant_a, api_key_a):
    response = api(client, tenant_a, "post", "tickets/", api_key_a, {"issue": "", "email": "nope"})
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {"issue": ["To polje je obvezno."]}
    english = api(
        client,
        tenant_a,
        "post",
        "tickets/",
        api_key_a,
        {"issue": "x", "email": "nope"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert english.json()["error"]["message"] == "email: Enter a valid email address."
    created = api(client, tenant_a, "post", "tickets/", api_key_a, {"issue": "x", "email": "a@b.si"}).json()
    bad = api(client, tenant_a, "patch", f"tickets/{created['id']}/", api_key_a, {"status": "gone"})
    assert (bad.status_code, list(bad.json()["error"]["details"])) == (400, ["status"])


def test_pricing_rule_crud_and_quote(client, tenant_a, api_key_a):
    created = api(client, tenant_a, "post", "pricing-rules/", api_key_a, RULE)
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    quote = api(
        client,
        tenant_a,
        "post",
        "pricing-rules/quote/",
        api_key_a,
        {"rule_id": pk, "quantity": 1, "width_cm": 200, "height_cm": 100},
    )
    assert quote.json()["total"] == "40.00"
    patched = api(client, tenant_a, "patch", f"pricing-rules/{pk}/", api_key_a, {"is_active": False})
    assert patched.json()["is_active"] is False
    assert api(client, tenant_a, "delete", f"pricing-rules/{pk}/", api_key_a).status_code == 204


def test_invalid_pricing_rule_json_is_a_400_with_field_names(client, tenant_a, api_key_a):
    body = {
        "name": "X",
        "params": {
            "unit": "litre",
            "unit_price": "-3",
            "tiers": [{"min_quantity": 5, "discount_percent": 120}],
        },
    }
    response = api(client, tenant_a, "post", "pricing-rules/", api_key_a, body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert set(error["details"]) == {"params.unit", "params.unit_price", "params.tiers[0].discount_percent"}


def test_quote_without_dimensions_for_m2_rule_is_a_400(client, tenant_a, api_key_a):
    pk = api(client, tenant_a, "post", "pricing-rules/", api_key_a, RULE).json()["id"]
    response = api(
        client, tenant_a, "post", "pricing-rules/quote/", api_key_a, {"rule_id": pk, "quantity": 2}
    )
    assert (response.status_code, list(response.json()["error"]["details"])) == (400, ["width_cm"])


def test_size_chart_crud(client, tenant_a, api_key_a):
    created = api(client, tenant_a, "post", "size-charts/", api_key_a, {"category": "Majice", "chart": CHART})
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert (
        api(client, tenant_a, "get", f"size-charts/{pk}/", api_key_a).json()["chart"]["sizes"][0]["size"]
        == "M"
    )
    duplicate = api(
        client, tenant_a, "post", "size-charts/", api_key_a, {"category": "majice", "chart": CHART}
    )
    assert (duplicate.status_code, list(duplicate.json()["error"]["details"])) == (400, ["category"])
    assert api(client, tenant_a, "delete", f"size-charts/{pk}/", api_key_a).status_code == 204


def test_invalid_size_chart_json_is_a_400_with_field_names(client, tenant_a, api_key_a):
    chart = {"sizes": [{"size": "M", "chest": [102, 94]}, {"chest": [1, 2]}]}
    response = api(
        client, tenant_a, "post", "size-charts/", api_key_a, {"category": "Majice", "chart": chart}
    )
    assert response.status_code == 400
    assert set(response.json()["error"]["details"]) == {"chart.sizes[0].chest", "chart.sizes[1].size"}


def test_malformed_json_body_is_a_400(client, tenant_a, api_key_a):
    from tests.conftest import host

    response = client.post(
        "/api/v1/addons/size-charts/", "{not json", content_type="application/json",
        HTTP_HOST=host(tenant_a), HTTP_AUTHORIZATION=f"Api-Key {api_key_a}",
    )  # fmt: skip
    assert (response.status_code, response.json()["error"]["code"]) == (400, "parse_error")


def test_stock_alert_subscription_by_api(client, catalog, tenant_a, api_key_a):
    pid = product_id(tenant_a, "TS-BLUE")
    body = {"product_id": pid, "email": "a@b.si", "consent": True}
    assert api(client, tenant_a, "post", "stock-alerts/", api_key_a, body).status_code == 201
    assert api(client, tenant_a, "post", "stock-alerts/", api_key_a, body).status_code == 200
    no_consent = api(client, tenant_a, "post", "stock-alerts/", api_key_a, {**body, "consent": False})
    assert (no_consent.status_code, list(no_consent.json()["error"]["details"])) == (400, ["consent"])
    listed = api(client, tenant_a, "get", "stock-alerts/?pending=1", api_key_a).json()["results"]
    assert [(r["product_name"], r["email"]) for r in listed] == [("Modra majica", "a@b.si")]


def test_rfq_created_and_quote_drafted(client, catalog, tenant_a, api_key_a):
    created = api(client, tenant_a, "post", "rfqs/", api_key_a, RFQ)
    assert created.status_code == 201, created.content
    drafted = api(client, tenant_a, "post", f"rfqs/{created.json()['id']}/draft-quote/", api_key_a)
    assert drafted.json()["status"] == "quote_drafted"
    assert drafted.json()["draft_action_id"]


def test_rfq_without_items_is_a_400(client, tenant_a, api_key_a):
    response = api(
        client, tenant_a, "post", "rfqs/", api_key_a, {"details": {"email": "a@b.si", "items": []}}
    )
    assert (response.status_code, list(response.json()["error"]["details"])) == (400, ["details.items"])


def test_lead_scores_scored_and_listed(client, tenant_a, api_key_a, in_tenant):
    from chatbot.models import ChatLead

    with in_tenant(tenant_a):
        ChatLead.objects.create(email="x@firma.si", phone="041555666", consent=True)
    assert api(client, tenant_a, "post", "lead-scores/", api_key_a).json() == {"scored": 1}
    rows = api(client, tenant_a, "get", "lead-scores/", api_key_a).json()["results"]
    assert [(r["email"], r["score"]) for r in rows] == [("x@firma.si", 45)]


def test_finder_recommends_and_records(client, catalog, tenant_a, api_key_a):
    response = api(
        client, tenant_a, "post", "finder-responses/", api_key_a, {"answers": {"material": "wool"}}
    )
    assert response.status_code == 201, response.content
    assert [p["name"] for p in response.json()["products"]] == ["Zelen pulover"]
    bad = api(client, tenant_a, "post", "finder-responses/", api_key_a, {"answers": {}})
    assert (bad.status_code, list(bad.json()["error"]["details"])) == (400, ["answers"])


def test_description_draft_is_proposed_not_written(client, catalog, tenant_a, api_key_a, in_tenant):
    from shop.models import Product

    pid = product_id(tenant_a, "TS-RED")
    response = api(
        client, tenant_a, "post", "descriptions/", api_key_a, {"product_id": pid, "language": "en"}
    )
    assert (response.status_code, response.json()["status"]) == (201, "suggested")
    with in_tenant(tenant_a):
        assert Product.objects.get(pk=pid).description == ""
    bad = api(client, tenant_a, "post", "descriptions/", api_key_a, {"product_id": pid, "language": "de"})
    assert (bad.status_code, list(bad.json()["error"]["details"])) == (400, ["language"])


def test_faq_drafts_preview_and_create(client, tenant_a, api_key_a, in_tenant):
    from shop.services import company_info_update

    with in_tenant(tenant_a):
        company_info_update(contact={}, working_hours={}, policies={"shipping": {"en": "Free over 50 EUR."}})
    preview = api(client, tenant_a, "get", "faq-drafts/?language=en", api_key_a).json()["candidates"]
    assert [c["question"] for c in preview] == ["How does shipping work and what does it cost?"]
    created = api(client, tenant_a, "post", "faq-drafts/", api_key_a, {"language": "en"}).json()["created"]
    assert [(f["answer"], f["status"]) for f in created] == [("Free over 50 EUR.", "draft")]
    bad = api(client, tenant_a, "post", "faq-drafts/", api_key_a, {"min_sessions": "many"})
    assert (bad.status_code, list(bad.json()["error"]["details"])) == (400, ["min_sessions"])


@pytest.mark.parametrize(
    ("path", "agent", "feature"),
    [
        ("tickets/", "chatbot", "support_tickets"),
        ("pricing-rules/", "chatbot", "price_calculator"),
        ("size-charts/", "chatbot", "size_advisor"),
        ("stock-alerts/", "chatbot", "stock_alerts"),
        ("rfqs/", "assistant", "b2b_rfq"),
        ("lead-scores/", "assistant", "lead_qualifier"),
        ("finder-responses/", "chatbot", "product_finder"),
        ("faq-drafts/", "chatbot", "faq_generator"),
    ],
)
def test_disabled_addon_routes_are_404(client, tenant_a, api_key_a, path, agent, feature):
    assert api(client, tenant_a, "get", path, api_key_a).status_code == 200
    disable(tenant_a, agent, feature)
    assert api(client, tenant_a, "get", path, api_key_a).status_code == 404


def test_routes_need_an_api_key_or_owner(client, tenant_a):
    from tests.conftest import host

    assert client.get("/api/v1/addons/tickets/", HTTP_HOST=host(tenant_a)).status_code in (401, 403)


def test_tenant_b_cannot_reach_tenant_a_rows(client, catalog, tenant_a, tenant_b, api_key_a, api_key_b):
    ticket = api(
        client, tenant_a, "post", "tickets/", api_key_a, {"issue": "A only", "email": "a@a.si"}
    ).json()
    rule = api(client, tenant_a, "post", "pricing-rules/", api_key_a, RULE).json()
    chart = api(
        client, tenant_a, "post", "size-charts/", api_key_a, {"category": "Majice", "chart": CHART}
    ).json()
    rfq = api(client, tenant_a, "post", "rfqs/", api_key_a, RFQ).json()
    api(
        client,
        tenant_a,
        "post",
        "stock-alerts/",
        api_key_a,
        {"product_id": product_id(tenant_a, "TS-BLUE"), "email": "a@a.si", "consent": True},
    )
    api(client, tenant_a, "post", "finder-responses/", api_key_a, {"answers": {"material": "wool"}})
    for path in (
        "tickets/",
        "pricing-rules/",
        "size-charts/",
        "rfqs/",
        "stock-alerts/",
        "finder-responses/",
        "lead-scores/",
    ):
        assert api(client, tenant_b, "get", path, api_key_b).json()["results"] == [], path
    for method, path in [
        ("get", f"tickets/{ticket['id']}/"), ("patch", f"tickets/{ticket['id']}/"),
        ("get", f"pricing-rules/{rule['id']}/"), ("delete", f"pricing-rules/{rule['id']}/"),
        ("get", f"size-charts/{chart['id']}/"), ("delete", f"size-charts/{chart['id']}/"),
        ("post", f"rfqs/{rfq['id']}/draft-quote/"),
    ]:  # fmt: skip
        assert (
            api(client, tenant_b, method, path, api_key_b, {} if method == "patch" else None).status_code
            == 404
        )
    # Tenant A's key on tenant B's host is refused too.
    assert api(client, tenant_b, "get", "tickets/", api_key_a).status_code in (401, 403)
    quote = api(
        client,
        tenant_b,
        "post",
        "pricing-rules/quote/",
        api_key_b,
        {"rule_id": rule["id"], "width_cm": 1, "height_cm": 1},
    )
    assert quote.status_code == 404
