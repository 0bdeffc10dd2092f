import json
import re

from django_tenants.utils import schema_context

from accounts.models import ApiKey
from features.services import feature_set
from tests.conftest import host


def test_dashboard_requires_login(client, tenant_a):
    response = client.get("/", HTTP_HOST=host(tenant_a))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_login_page_is_slovenian_by_default(client, tenant_a):
    html = client.get("/login/", HTTP_HOST=host(tenant_a)).content.decode()
    assert '<html lang="sl">' in html
    assert "Prijava" in html and "Geslo" in html


def test_language_switch_renders_pages_in_english(owner_client_a):
    assert "Pregled" in owner_client_a.get("/").content.decode()
    response = owner_client_a.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = owner_client_a.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Overview" in html and "Pregled" not in html


def test_wrong_password_shows_an_error(client, tenant_a, owner_a):
    response = client.post("/login/", {"username": owner_a[0], "password": "nope"}, HTTP_HOST=host(tenant_a))
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()


def test_logout_ends_the_session(owner_client_a):
    assert owner_client_a.get("/").status_code == 200
    assert owner_client_a.post("/logout/").status_code == 302
    assert owner_client_a.get("/").status_code == 302


def test_session_of_tenant_a_is_not_valid_on_tenant_b(owner_client_a, tenant_b):
    response = owner_client_a.get("/", HTTP_HOST=host(tenant_b))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def _nav(html: str) -> str:
    return re.search(r'<nav class="sidebar".*?</nav>', html, re.S).group(0)


def test_nav_shows_every_enabled_agent(owner_client_a):
    nav = _nav(owner_client_a.get("/").content.decode())
    for path in ("/chat/", "/assistant/", "/booking/", "/email/"):
        assert f'href="{path}"' in nav


def test_disabling_an_agent_removes_it_from_the_nav(owner_client_a, tenant_a):
    feature_set(account=tenant_a, agent="booking", feature="core", enabled=False)
    nav = _nav(owner_client_a.get("/").content.decode())
    assert 'href="/booking/"' not in nav
    assert 'href="/chat/"' in nav


def test_account_page_shows_flags_and_plan(owner_client_a, tenant_a):
    feature_set(account=tenant_a, agent="email", feature="core", enabled=False)
    html = owner_client_a.get("/account/").content.decode()
    email_row = re.search(r'<tr data-feature="email.core">.*?</tr>', html, re.S).group(0)
    chat_row = re.search(r'<tr data-feature="chatbot.core">.*?</tr>', html, re.S).group(0)
    assert "badge off" in email_row and "badge on" in chat_row
    assert "Enterprise" in html


def test_api_key_is_shown_once_and_works(owner_client_a, tenant_a, client):
    response = owner_client_a.post("/account/api-keys/", {"name": "ERP"})
    assert response.status_code == 302
    first = owner_client_a.get("/account/").content.decode()
    plaintext = re.search(r'<code id="new-key">(gy_[^<]+)</code>', first).group(1)
    assert 'id="new-key"' not in owner_client_a.get("/account/").content.decode()
    stored = ApiKey.objects.get(account=tenant_a, name="ERP")
    assert plaintext not in stored.hashed_key
    api = client.get("/api/v1/account/", HTTP_HOST=host(tenant_a), HTTP_AUTHORIZATION=f"Api-Key {plaintext}")
    assert api.status_code == 200


def test_api_key_without_a_name_is_refused(owner_client_a, tenant_a):
    owner_client_a.post("/account/api-keys/", {"name": ""})
    assert not ApiKey.objects.filter(account=tenant_a).exists()


def test_revoked_api_key_stops_working(owner_client_a, tenant_a, api_key_a, client):
    key = ApiKey.objects.get(account=tenant_a)
    assert owner_client_a.post(f"/account/api-keys/{key.pk}/revoke/").status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None
    api = client.get("/api/v1/account/", HTTP_HOST=host(tenant_a), HTTP_AUTHORIZATION=f"Api-Key {api_key_a}")
    assert api.status_code == 401


def test_owner_cannot_revoke_another_tenants_key(owner_client_a, tenant_b, api_key_b):
    key = ApiKey.objects.get(account=tenant_b)
    assert owner_client_a.post(f"/account/api-keys/{key.pk}/revoke/").status_code == 404
    key.refresh_from_db()
    assert key.revoked_at is None


def test_account_page_does_not_list_other_tenants_keys(owner_client_a, api_key_b, tenant_b):
    prefix = ApiKey.objects.get(account=tenant_b).prefix
    assert prefix not in owner_client_a.get("/account/").content.decode()


def test_company_info_is_saved_from_the_account_page(owner_client_a, tenant_a, in_tenant):
    hours = {"mon": [["08:00", "16:00"]], "sun": [], "timezone": "Europe/Ljubljana"}
    response = owner_client_a.post(
        "/account/",
        {
            "save_company": "1",
            "name": "Alpha d.o.o.",
            "contact": json.dumps({"email": "info@alpha.test"}),
            "working_hours": json.dumps(hours),
            "policies": "{}",
        },
    )
    assert response.status_code == 302
    with in_tenant(tenant_a):
        from shop.models import CompanyInfo

        info = CompanyInfo.objects.get()
        assert info.name == "Alpha d.o.o." and info.working_hours["mon"] == [["08:00", "16:00"]]


def test_company_info_with_broken_json_is_refused(owner_client_a, tenant_a, tenant_b):
    response = owner_client_a.post(
        "/account/",
        {"save_company": "1", "name": "X", "contact": "{not json", "working_hours": "", "policies": ""},
    )
    assert response.status_code == 200
    assert "JSON" in response.content.decode()
    for account in (tenant_a, tenant_b):
        with schema_context(account.schema_name):
            from shop.models import CompanyInfo

            assert not CompanyInfo.objects.exists()


def test_english_dashboard_names_agents_in_english_and_slovenian_in_slovenian(owner_client_a):
    html = owner_client_a.get("/").content.decode()
    assert "Klepetalnik" in html
    owner_client_a.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = owner_client_a.get("/").content.decode()
    # Every app's English catalog must leave English texts English (no Slovenian msgstr in en/).
    assert "Klepetalnik" not in html
    assert ">Chatbot<" in html and "Owner assistant" in html and "Email agent" in html
