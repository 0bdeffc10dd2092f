import re

import pytest
from django.contrib.auth import get_user_model

from features.models import AccountAgentFeature
from features.selectors import is_enabled


@pytest.fixture
def staff_client(db, client):
    get_user_model().objects.create_superuser("staff", "staff@localhost", "staff-pass-123")
    client.defaults["HTTP_HOST"] = "localhost"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert client.login(username="staff", password="staff-pass-123")
    return client


def _change_form_data(account, feature_rows):
    data = {
        "name": account.name,
        "subscription_tier": account.subscription_tier,
        "owner_email": account.owner_email,
        "timezone": account.timezone,
        "default_language": account.default_language,
        "domains-TOTAL_FORMS": "0",
        "domains-INITIAL_FORMS": "0",
        "api_keys-TOTAL_FORMS": "0",
        "api_keys-INITIAL_FORMS": "0",
        "features-TOTAL_FORMS": str(len(feature_rows)),
        "features-INITIAL_FORMS": "0",
        "_save": "Save",
    }
    for index, row in enumerate(feature_rows):
        for key, value in row.items():
            data[f"features-{index}-{key}"] = value
    return data


def test_account_add_page_renders(staff_client):
    response = staff_client.get("/admin/accounts/account/add/")
    assert response.status_code == 200
    assert "subscription_tier" in response.content.decode()


def test_account_change_page_lists_inline_flags(staff_client, tenant_a):
    response = staff_client.get(f"/admin/accounts/account/{tenant_a.pk}/change/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="features-TOTAL_FORMS"' in html
    assert re.search(r"Tier default", html)


def test_staff_switch_a_flag_off_inline(staff_client, tenant_a):
    assert is_enabled(tenant_a, "booking")
    data = _change_form_data(
        tenant_a, [{"agent": "booking", "feature": "core", "enabled": "false", "config": "{}"}]
    )
    response = staff_client.post(f"/admin/accounts/account/{tenant_a.pk}/change/", data)
    assert response.status_code == 302
    assert not is_enabled(tenant_a, "booking")


def test_invalid_config_in_admin_shows_an_error_and_saves_nothing(staff_client, tenant_a):
    data = _change_form_data(
        tenant_a,
        [{"agent": "chatbot", "feature": "core", "enabled": "true", "config": '{"primary_color": "red"}'}],
    )
    response = staff_client.post(f"/admin/accounts/account/{tenant_a.pk}/change/", data)
    assert response.status_code == 200
    assert "primary_color" in response.content.decode()
    assert not AccountAgentFeature.objects.filter(account=tenant_a).exists()


def test_unknown_feature_in_admin_shows_an_error(staff_client, tenant_a):
    data = _change_form_data(
        tenant_a, [{"agent": "chatbot", "feature": "teleport", "enabled": "true", "config": "{}"}]
    )
    response = staff_client.post(f"/admin/accounts/account/{tenant_a.pk}/change/", data)
    assert response.status_code == 200
    assert "chatbot.teleport" in response.content.decode()


def test_secret_saved_in_admin_is_encrypted(staff_client, tenant_a):
    data = _change_form_data(
        tenant_a,
        [{"agent": "email", "feature": "core", "enabled": "unknown", "config": '{"sendy_api_key": "sk-x"}'}],
    )
    assert staff_client.post(f"/admin/accounts/account/{tenant_a.pk}/change/", data).status_code == 302
    stored = AccountAgentFeature.objects.get(account=tenant_a, agent="email").config["sendy_api_key"]
    assert stored.startswith("enc:")


def test_admin_is_not_served_on_a_tenant_host(client, tenant_a):
    response = client.get("/admin/", HTTP_HOST="alpha.localhost")
    assert response.status_code == 404


def _add_form_data(slug, **extra):
    data = {
        "name": "Gamma",
        "schema_name": slug,
        "subscription_tier": "starter",
        "owner_email": "",
        "timezone": "Europe/Ljubljana",
        "default_language": "sl",
        "domains-TOTAL_FORMS": "0",
        "domains-INITIAL_FORMS": "0",
        "features-TOTAL_FORMS": "0",
        "features-INITIAL_FORMS": "0",
        "api_keys-TOTAL_FORMS": "0",
        "api_keys-INITIAL_FORMS": "0",
        "_save": "Save",
    }
    return data | extra


def test_staff_add_an_account_with_its_schema_and_host(staff_client):
    from django_tenants.utils import schema_exists

    from accounts.models import Account, Domain

    response = staff_client.post("/admin/accounts/account/add/", _add_form_data("gamma"))
    assert response.status_code == 302
    account = Account.objects.get(schema_name="gamma")
    assert schema_exists("gamma")
    assert Domain.objects.get(tenant=account).domain == "gamma.localhost"


def test_admin_refuses_a_reserved_slug(staff_client):
    from accounts.models import Account

    response = staff_client.post("/admin/accounts/account/add/", _add_form_data("admin"))
    assert response.status_code == 200
    assert "reserved" in response.content.decode()
    assert not Account.objects.filter(schema_name="admin").exists()


def test_admin_bulk_delete_drops_the_schemas(staff_client):
    from django_tenants.utils import schema_exists

    from accounts.models import Account
    from accounts.services import account_create

    account = account_create(slug="gamma", name="Gamma").account
    response = staff_client.post(
        "/admin/accounts/account/",
        {"action": "delete_selected", "_selected_action": [account.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Account.objects.filter(schema_name="gamma").exists()
    assert not schema_exists("gamma")
