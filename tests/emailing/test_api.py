"""REST API /api/v1/email/: drafts CRUD, approval needs an owner session, sending needs approval."""

import pytest

from emailing.models import EmailDraft
from tests.conftest import host


def _auth(key):
    return {"HTTP_AUTHORIZATION": f"Api-Key {key}"}


@pytest.fixture
def api_a(client, tenant_a, api_key_a):
    def call(method, path, data=None, **extra):
        kwargs = {"HTTP_HOST": host(tenant_a), **_auth(api_key_a), **extra}
        if data is not None:
            kwargs.update(data=data, content_type="application/json")
        return getattr(client, method)(f"/api/v1/email/{path}", **kwargs)

    return call


def test_create_list_and_get_draft(api_a, catalog_a):
    created = api_a("post", "drafts/", {"type": "sale", "language": "en"})
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "draft" and body["source"] == "api" and "[unsubscribe]" in body["body_text"]
    assert body["events"][0]["kind"] == "created"
    listed = api_a("get", "drafts/").json()
    assert [d["id"] for d in listed["results"]] == [body["id"]]
    assert api_a("get", f"drafts/{body['id']}/").json()["subject"] == body["subject"]


def test_idempotency_key_creates_one_draft(api_a, catalog_a, tenant_a, in_tenant):
    first = api_a("post", "drafts/", {"type": "sale", "language": "sl"}, HTTP_IDEMPOTENCY_KEY="abc-1")
    second = api_a("post", "drafts/", {"type": "sale", "language": "sl"}, HTTP_IDEMPOTENCY_KEY="abc-1")
    assert first.json()["id"] == second.json()["id"]
    with in_tenant(tenant_a):
        assert EmailDraft.objects.count() == 1


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"type": "spam", "language": "sl"},
        {"type": "sale", "language": "de"},
        {"type": "sale", "language": "sl", "product_ids": ["x"]},
    ],
)
def test_bad_create_input_is_400_with_error_shape(api_a, catalog_a, payload):
    response = api_a("post", "drafts/", payload)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"


def test_update_sanitises_html(api_a, catalog_a):
    draft_id = api_a("post", "drafts/", {"type": "sale", "language": "sl"}).json()["id"]
    response = api_a("patch", f"drafts/{draft_id}/", {"body_html": "<p>Hi<script>alert(1)</script></p>"})
    assert response.status_code == 200
    assert "<script" not in response.json()["body_html"] and "<unsubscribe>" in response.json()["body_html"]
    assert api_a("patch", f"drafts/{draft_id}/", {}).status_code == 400
    assert api_a("patch", f"drafts/{draft_id}/", {"subject": ""}).status_code == 400
    assert api_a("patch", f"drafts/{draft_id}/", {"body_html": "<script>only()</script>"}).status_code == 400


def test_api_key_cannot_approve(api_a, catalog_a):
    draft_id = api_a("post", "drafts/", {"type": "sale", "language": "sl"}).json()["id"]
    response = api_a("post", f"drafts/{draft_id}/approve/")
    assert response.status_code == 403
    assert api_a("get", f"drafts/{draft_id}/").json()["status"] == "draft"


def test_send_without_approval_is_409_and_nothing_reaches_sendy(api_a, catalog_a, sendy_a):
    draft_id = api_a("post", "drafts/", {"type": "sale", "language": "sl"}).json()["id"]
    response = api_a("post", f"drafts/{draft_id}/send/")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "not_approved"
    assert sendy_a.campaigns == []


def test_owner_session_approves_and_api_key_sends(
    owner_client_a, api_a, catalog_a, sendy_a, django_capture_on_commit_callbacks
):
    draft_id = api_a("post", "drafts/", {"type": "sale", "language": "sl"}).json()["id"]
    approved = owner_client_a.post(f"/api/v1/email/drafts/{draft_id}/approve/")
    assert approved.status_code == 200
    assert approved.json()["approved_by"] == "owner@alpha.test"
    with django_capture_on_commit_callbacks(execute=True):
        response = api_a("post", f"drafts/{draft_id}/send/", {"send_mode": "send"})
    assert response.status_code == 202
    assert api_a("get", f"drafts/{draft_id}/").json()["status"] == "sent"
    assert len(sendy_a.campaigns) == 1


def test_bad_send_mode_is_400(owner_client_a, api_a, catalog_a):
    draft_id = api_a("post", "drafts/", {"type": "sale", "language": "sl"}).json()["id"]
    owner_client_a.post(f"/api/v1/email/drafts/{draft_id}/approve/")
    assert api_a("post", f"drafts/{draft_id}/send/", {"send_mode": "fax"}).status_code == 400
    assert api_a("post", f"drafts/{draft_id}/send/", {"send_mode": "schedule"}).status_code == 400


def test_unknown_draft_is_404(api_a, tenant_a):
    assert api_a("get", "drafts/999999/").status_code == 404
    assert api_a("post", "drafts/999999/send/").status_code == 404


def test_tenant_b_cannot_reach_tenant_a_drafts(client, api_a, catalog_a, tenant_b, api_key_b):
    draft_id = api_a("post", "drafts/", {"type": "sale", "language": "sl"}).json()["id"]
    b = {"HTTP_HOST": host(tenant_b), **_auth(api_key_b)}
    assert client.get("/api/v1/email/drafts/", **b).json()["results"] == []
    for method, path in (("get", ""), ("patch", ""), ("post", "approve/"), ("post", "send/")):
        response = getattr(client, method)(
            f"/api/v1/email/drafts/{draft_id}/{path}",
            content_type="application/json",
            data={"subject": "x"} if method == "patch" else None,
            **b,
        )
        assert response.status_code == 404, (method, path, response.status_code)


def test_api_key_of_a_on_b_host_is_refused(client, tenant_a, tenant_b, api_key_a):
    response = client.get("/api/v1/email/drafts/", HTTP_HOST=host(tenant_b), **_auth(api_key_a))
    assert response.status_code == 401


def test_disabled_email_feature_is_404(api_a, tenant_a):
    from features.services import feature_set

    feature_set(account=tenant_a, agent="email", feature="core", enabled=False)
    assert api_a("get", "drafts/").status_code == 404


def test_connection_test_endpoint(api_a, sendy_a):
    body = api_a("post", "connection/test/").json()
    assert body["ok"] is True
    assert {"id": "list-abc", "name": "Newsletter"} in body["lists"]
    assert body["subscribers"] == {"list-abc": 0}
