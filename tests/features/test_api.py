import json

from features.models import AccountAgentFeature
from features.selectors import feature_config
from tests.conftest import host


def _auth(key):
    return {"HTTP_AUTHORIZATION": f"Api-Key {key}"}


def _patch(client, account, key, path, body):
    return client.patch(
        path, json.dumps(body), content_type="application/json", HTTP_HOST=host(account), **_auth(key)
    )


def test_feature_list_shows_state_per_feature(client, tenant_a, api_key_a):
    response = client.get("/api/v1/features/", HTTP_HOST=host(tenant_a), **_auth(api_key_a))
    assert response.status_code == 200
    rows = {(r["agent"], r["feature"]): r for r in response.json()["results"]}
    assert rows[("chatbot", "core")]["enabled"] is True
    assert rows[("assistant", "b2b_rfq")]["tiers"] == ["enterprise"]


def test_unknown_feature_is_a_json_404_naming_it(client, tenant_a, api_key_a):
    response = client.get("/api/v1/features/chatbot/teleport/", HTTP_HOST=host(tenant_a), **_auth(api_key_a))
    assert response.status_code == 404
    assert "chatbot.teleport" in response.json()["error"]["message"]


def test_patch_config_merges_and_masks_secrets(client, tenant_a, api_key_a):
    path = "/api/v1/features/chatbot/core/"
    assert (
        _patch(
            client, tenant_a, api_key_a, path, {"config": {"title": "Pomoč", "api_key": "sk-9"}}
        ).status_code
        == 200
    )
    response = _patch(client, tenant_a, api_key_a, path, {"config": {"greeting": "Živjo"}})
    assert response.status_code == 200
    config = response.json()["config"]
    assert config["title"] == "Pomoč" and config["greeting"] == "Živjo"
    assert config["api_key"] != "sk-9"
    assert feature_config(tenant_a, "chatbot")["api_key"] == "sk-9"


def test_patch_invalid_config_is_a_400_naming_the_field_and_writes_nothing(client, tenant_a, api_key_a):
    response = _patch(
        client, tenant_a, api_key_a, "/api/v1/features/chatbot/core/", {"config": {"position": "top"}}
    )
    assert response.status_code == 400
    body = response.json()["error"]
    assert body["code"] == "validation_error" and "position" in body["message"]
    assert not AccountAgentFeature.objects.filter(account=tenant_a).exists()


def test_patch_config_that_is_not_an_object_is_a_400(client, tenant_a, api_key_a):
    response = _patch(client, tenant_a, api_key_a, "/api/v1/features/chatbot/core/", {"config": ["x"]})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"


def test_switching_a_feature_on_by_api_is_refused(client, tenant_a, api_key_a):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = _patch(client, tenant_a, api_key_a, "/api/v1/features/email/core/", {"enabled": True})
    assert response.status_code == 403
    assert "plan" in response.json()["error"]["message"]


def test_api_errors_are_slovenian_by_default(client, tenant_a, api_key_a):
    response = _patch(client, tenant_a, api_key_a, "/api/v1/features/email/core/", {"enabled": True})
    assert "paket" in response.json()["error"]["message"]


def test_config_of_a_disabled_feature_cannot_be_changed(client, tenant_a, api_key_a):
    tenant_a.subscription_tier = "free"
    tenant_a.save(update_fields=["subscription_tier"])
    response = _patch(
        client, tenant_a, api_key_a, "/api/v1/features/email/core/", {"config": {"brand_id": "1"}}
    )
    assert response.status_code == 403


def test_feature_config_of_tenant_a_is_invisible_to_tenant_b(
    client, tenant_a, tenant_b, api_key_a, api_key_b
):
    _patch(client, tenant_a, api_key_a, "/api/v1/features/chatbot/core/", {"config": {"title": "Alpha only"}})
    response = client.get("/api/v1/features/chatbot/core/", HTTP_HOST=host(tenant_b), **_auth(api_key_b))
    assert response.json()["config"] == {}
    response = client.get("/api/v1/features/chatbot/core/", HTTP_HOST=host(tenant_b), **_auth(api_key_a))
    assert response.status_code == 401


def test_features_api_needs_authentication(client, tenant_a):
    response = client.get("/api/v1/features/", HTTP_HOST=host(tenant_a))
    assert response.status_code in (401, 403)
    assert "error" in response.json()
