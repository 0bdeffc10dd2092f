"""Owner dashboard /email/: drafts, editor with sandboxed preview, approve, send, settings."""

import re

import pytest

from emailing.models import DraftStatus, EmailDraft
from tests.conftest import host


def _new_draft(client, **data):
    response = client.post("/email/", {"type": "sale", "language": "sl", **data})
    assert response.status_code == 302, response.content[:500]
    return int(re.search(r"/email/drafts/(\d+)/", response["Location"]).group(1))


def test_owner_creates_edits_approves_and_sends(
    owner_client_a, catalog_a, sendy_a, tenant_a, in_tenant, django_capture_on_commit_callbacks
):
    draft_id = _new_draft(owner_client_a)
    page = owner_client_a.get(f"/email/drafts/{draft_id}/").content.decode()
    assert 'sandbox=""' in page and "srcdoc=" in page and "Jakna Zimska" in page
    edited = owner_client_a.post(
        f"/email/drafts/{draft_id}/",
        {
            "subject": "Velika akcija",
            "preheader": "",
            "body_html": "<p>Akcija<script>x()</script></p>",
            "body_text": "Akcija",
        },
    )
    assert edited.status_code == 302
    assert owner_client_a.post(f"/email/drafts/{draft_id}/approve/").status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        owner_client_a.post(f"/email/drafts/{draft_id}/send/", {"send_mode": "send"})
    with in_tenant(tenant_a):
        draft = EmailDraft.objects.get(pk=draft_id)
    assert draft.status == DraftStatus.SENT and draft.subject == "Velika akcija"
    assert "<script" not in sendy_a.campaigns[0]["html_text"]
    history = owner_client_a.get(f"/email/drafts/{draft_id}/").content.decode()
    assert "approved" in history and "sent" in history


def test_preview_escapes_into_srcdoc(owner_client_a, catalog_a):
    draft_id = _new_draft(owner_client_a)
    page = owner_client_a.get(f"/email/drafts/{draft_id}/").content.decode()
    srcdoc = re.search(r'srcdoc="([^"]*)"', page).group(1)
    assert "<" not in srcdoc and "&lt;unsubscribe&gt;" in srcdoc


def test_dashboard_send_of_unapproved_draft_is_refused(
    owner_client_a, catalog_a, sendy_a, tenant_a, in_tenant
):
    draft_id = _new_draft(owner_client_a)
    response = owner_client_a.post(f"/email/drafts/{draft_id}/send/", {"send_mode": "send"}, follow=True)
    assert "not approved" in response.content.decode() or "ni odobrena" in response.content.decode()
    assert sendy_a.campaigns == []
    with in_tenant(tenant_a):
        assert EmailDraft.objects.get(pk=draft_id).status == DraftStatus.DRAFT


def test_sendy_error_is_shown_on_the_draft(
    owner_client_a, catalog_a, sendy_a, django_capture_on_commit_callbacks
):
    draft_id = _new_draft(owner_client_a)
    owner_client_a.post(f"/email/drafts/{draft_id}/approve/")
    sendy_a.state.fail_next["/api/campaigns/create.php"] = "Invalid API key"
    with django_capture_on_commit_callbacks(execute=True):
        owner_client_a.post(f"/email/drafts/{draft_id}/send/", {"send_mode": "send"})
    page = owner_client_a.get(f"/email/drafts/{draft_id}/").content.decode()
    assert 'id="last-error">Invalid API key' in page
    assert 'id="send"' in page  # still approved: can be tried again


def test_anonymous_is_sent_to_login(client, tenant_a):
    response = client.get("/email/", HTTP_HOST=host(tenant_a))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_unknown_type_shows_form_error(owner_client_a, catalog_a, tenant_a, in_tenant):
    response = owner_client_a.post("/email/", {"type": "spam", "language": "sl"})
    assert response.status_code == 200 and 'class="errorlist' in response.content.decode()
    with in_tenant(tenant_a):
        assert not EmailDraft.objects.exists()


def test_settings_save_encrypts_key_and_test_connection(owner_client_a, fake_sendy, tenant_a):
    from features.models import AccountAgentFeature

    response = owner_client_a.post(
        "/email/settings/",
        {"sendy_url": fake_sendy.url, "sendy_api_key": fake_sendy.state.api_key, "brand_id": "1",
         "list_ids": "list-abc, list-vip", "from_name": "Alpha", "from_email": "news@alpha.test", "reply_to": ""},
    )  # fmt: skip
    assert response.status_code == 302
    stored = AccountAgentFeature.objects.get(account=tenant_a, agent="email", feature="core").config
    assert stored["sendy_api_key"].startswith("enc:") and stored["list_ids"] == ["list-abc", "list-vip"]
    page = owner_client_a.get("/email/settings/").content.decode()
    assert fake_sendy.state.api_key not in page
    tested = owner_client_a.post("/email/settings/", {"test": "1"}).content.decode()
    assert 'id="test-result" class="notice"' in tested and "Newsletter" in tested


def test_settings_keep_key_when_left_empty_and_reject_bad_url(owner_client_a, fake_sendy, tenant_a):
    from emailing.selectors import sendy_config

    base = {
        "sendy_url": fake_sendy.url,
        "brand_id": "1",
        "list_ids": "list-abc",
        "from_name": "A",
        "from_email": "a@alpha.test",
    }
    owner_client_a.post("/email/settings/", {**base, "sendy_api_key": "secret-1"})
    owner_client_a.post("/email/settings/", {**base, "sendy_api_key": ""})
    assert sendy_config(tenant_a).api_key == "secret-1"
    bad = owner_client_a.post("/email/settings/", {**base, "sendy_url": "ftp://x", "brand_id": "abc"})
    assert bad.status_code == 200 and 'class="errorlist' in bad.content.decode()


def test_failed_connection_test_shows_sendy_message(owner_client_a, fake_sendy, tenant_a):
    from tests.emailing.conftest import configure_sendy

    configure_sendy(tenant_a, fake_sendy, sendy_api_key="wrong")
    tested = owner_client_a.post("/email/settings/", {"test": "1"}).content.decode()
    assert 'class="error"' in tested and "Invalid API key" in tested


def test_tenant_b_owner_cannot_open_tenant_a_draft(client, catalog_a, tenant_a, tenant_b, in_tenant):
    from accounts.services import owner_create
    from emailing import services

    with in_tenant(tenant_a):
        draft = services.draft_create(account=tenant_a, campaign_type="sale", language="sl")
    owner_create(account=tenant_b, email="owner@beta.test", password="correct-horse-9")
    client.defaults["HTTP_HOST"] = host(tenant_b)
    assert (
        client.post("/login/", {"username": "owner@beta.test", "password": "correct-horse-9"}).status_code
        == 302
    )
    assert client.get(f"/email/drafts/{draft.pk}/").status_code == 404
    assert client.post(f"/email/drafts/{draft.pk}/approve/").status_code == 404
    assert client.post(f"/email/drafts/{draft.pk}/send/", {"send_mode": "send"}).status_code == 404
    assert draft.subject not in client.get("/email/").content.decode()


@pytest.mark.parametrize("path", ["/email/", "/email/settings/"])
def test_disabled_feature_hides_pages(owner_client_a, tenant_a, path):
    from features.services import feature_set

    feature_set(account=tenant_a, agent="email", feature="core", enabled=False)
    assert owner_client_a.get(path).status_code == 404


def test_tenant_b_sees_neither_subscribers_nor_sendy_settings_of_a(
    client, tenant_a, tenant_b, sendy_a, in_tenant
):
    from django.utils import timezone

    from accounts.services import owner_create
    from emailing.models import Subscriber

    with in_tenant(tenant_a):
        Subscriber.objects.create(
            email="secret@example.com",
            list_id="list-abc",
            source="chatbot",
            consent_text="ok",
            consented_at=timezone.now(),
        )
    owner_create(account=tenant_b, email="owner@beta.test", password="correct-horse-9")
    client.defaults["HTTP_HOST"] = host(tenant_b)
    client.post("/login/", {"username": "owner@beta.test", "password": "correct-horse-9"})
    page = client.get("/email/settings/").content.decode()
    assert "secret@example.com" not in page and sendy_a.url not in page
    tested = client.post("/email/settings/", {"test": "1"}).content.decode()
    assert "Sendy" in tested and "Newsletter" not in tested
    assert sendy_a.state.requests == []
