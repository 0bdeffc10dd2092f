"""Two tenants: nothing of tenant A is usable on tenant B's host; wrong origins are refused."""

from chatbot.models import ChatSession
from tests.chatbot.conftest import Widget


def test_widget_key_of_a_is_refused_on_b_host(tenant_a, tenant_b, client):
    stolen = Widget(client, tenant_b, key=tenant_a.widget_key)
    response = stolen.post("sessions/", {})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "bad_widget_key"


def test_missing_widget_key_is_refused(tenant_a, client):
    widget = Widget(client, tenant_a)
    widget.key = ""
    response = widget.post("sessions/", {})
    assert response.status_code == 403


def test_session_of_a_is_not_found_on_b_host(widget_a, tenant_b, client, in_tenant):
    a = widget_a.start()
    b = Widget(client, tenant_b)
    b.visitor = a["visitor_id"]
    assert b.say(a["session_id"], "hello").status_code == 404
    assert b.get(f"sessions/{a['session_id']}/messages/").status_code == 404
    resumed = b.start(session_id=a["session_id"], visitor_id=a["visitor_id"])
    assert resumed["session_id"] != a["session_id"]
    with in_tenant(tenant_b):
        assert not ChatSession.objects.filter(session_id=a["session_id"]).exists()


def test_stream_of_a_is_not_found_on_b_host(widget_a, tenant_b, client, fake_agent):
    a = widget_a.start()
    widget_a.say(a["session_id"], "secret question")
    b = Widget(client, tenant_b)
    b.visitor = a["visitor_id"]
    response, events = b.stream(a["session_id"])
    assert response.status_code == 404
    assert events == []


def test_session_id_without_its_visitor_is_not_found(widget_a, fake_agent):
    a = widget_a.start()
    widget_a.visitor = "v_not_the_owner_1234"
    assert widget_a.get(f"sessions/{a['session_id']}/messages/").status_code == 404
    assert widget_a.stream(a["session_id"])[0].status_code == 404


def test_visitor_export_of_a_is_empty_on_b_host(widget_a, tenant_b, client, fake_agent):
    a = widget_a.start()
    widget_a.say(a["session_id"], "my data")
    b = Widget(client, tenant_b)
    b.visitor = a["visitor_id"]
    body = b.get("visitor/").json()
    assert body["sessions"] == [] and body["leads"] == []


def test_origin_not_on_the_list_is_refused(tenant_a, client):
    response = Widget(client, tenant_a, origin="https://evil.example").post("sessions/", {})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "origin_not_allowed"


def test_missing_origin_is_refused(tenant_a, client):
    widget = Widget(client, tenant_a)
    response = client.post(
        "/api/v1/chat/widget/sessions/",
        "{}",
        content_type="application/json",
        HTTP_HOST=widget.host,
        HTTP_X_WIDGET_KEY=tenant_a.widget_key,
    )
    assert response.status_code == 403


def test_same_origin_get_without_origin_header_uses_fetch_metadata(widget_a, client, tenant_a):
    response = client.get(
        "/api/v1/chat/widget/config/",
        HTTP_HOST=widget_a.host,
        HTTP_X_WIDGET_KEY=tenant_a.widget_key,
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    assert response.status_code == 200


def test_listed_origin_gets_cors_headers_and_preflight(tenant_a, client):
    from chatbot.services import widget_settings_update

    widget_settings_update(account=tenant_a, data={"allowed_origins": ["https://www.alpha-shop.si"]})
    widget = Widget(client, tenant_a, origin="https://www.alpha-shop.si")
    preflight = client.options(
        "/api/v1/chat/widget/sessions/",
        HTTP_HOST=widget.host,
        HTTP_ORIGIN="https://www.alpha-shop.si",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type,x-widget-key",
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "https://www.alpha-shop.si"
    assert "X-Widget-Key" in preflight["Access-Control-Allow-Headers"]
    response = widget.post("sessions/", {})
    assert response.status_code == 201
    assert response["Access-Control-Allow-Origin"] == "https://www.alpha-shop.si"


def test_preflight_from_unlisted_origin_is_refused(tenant_a, client):
    response = client.options(
        "/api/v1/chat/widget/sessions/",
        HTTP_HOST="alpha.localhost",
        HTTP_ORIGIN="https://evil.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert response.status_code == 403
    assert "Access-Control-Allow-Origin" not in response


def test_origin_listed_for_a_is_refused_on_b(tenant_a, tenant_b, client):
    from chatbot.services import widget_settings_update

    widget_settings_update(account=tenant_a, data={"allowed_origins": ["https://www.alpha-shop.si"]})
    response = Widget(client, tenant_b, origin="https://www.alpha-shop.si").post("sessions/", {})
    assert response.status_code == 403


def test_wildcard_origin_covers_subdomains_only(tenant_a, client):
    from chatbot.services import widget_settings_update

    widget_settings_update(account=tenant_a, data={"allowed_origins": ["https://*.alpha-shop.si"]})
    assert Widget(client, tenant_a, origin="https://m.alpha-shop.si").post("sessions/", {}).status_code == 201
    assert (
        Widget(client, tenant_a, origin="https://alpha-shop.si.evil.io").post("sessions/", {}).status_code
        == 403
    )


def test_disabled_chatbot_answers_404(tenant_a, client):
    from features.services import feature_set

    feature_set(account=tenant_a, agent="chatbot", feature="core", enabled=False)
    response = Widget(client, tenant_a).post("sessions/", {})
    assert response.status_code == 404


def test_redis_channel_names_carry_prefix_and_schema(settings):
    from chatbot.streams import channel_name

    assert channel_name("alpha", "abc") == f"{settings.REDIS_KEY_PREFIX}:alpha:chat:abc"
    assert channel_name("alpha", "abc") != channel_name("beta", "abc")
