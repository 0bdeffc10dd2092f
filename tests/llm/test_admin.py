"""Staff admin: token usage per account/agent/month, read-only."""

import pytest
from django.contrib.auth import get_user_model

from llm.metering import record_usage
from llm.models import TokenUsage

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    get_user_model().objects.create_superuser("staff", "staff@localhost", "staff-pass-123")
    client.defaults["HTTP_HOST"] = "localhost"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert client.login(username="staff", password="staff-pass-123")
    return client


def test_admin_lists_usage_with_quota(staff_client, tenant_a, tenant_b):
    from accounts.models import Account

    Account.objects.filter(pk=tenant_b.pk).update(subscription_tier="free")
    record_usage(account=tenant_a, agent="chatbot", input_tokens=1500, output_tokens=20, fallbacks=1)
    record_usage(account=tenant_b, agent="assistant", input_tokens=7, output_tokens=0)
    page = staff_client.get("/admin/llm/tokenusage/").content.decode()
    assert "Alpha Shop" in page and "Beta Shop" in page
    assert "1520" in page and "200000" in page and "unlimited" in page


def test_admin_usage_is_read_only(staff_client, tenant_a):
    record_usage(account=tenant_a, agent="chatbot", input_tokens=1, output_tokens=1)
    row = TokenUsage.objects.get()
    assert staff_client.get("/admin/llm/tokenusage/add/").status_code == 403
    response = staff_client.post(f"/admin/llm/tokenusage/{row.pk}/change/", {"input_tokens": 0})
    row.refresh_from_db()
    assert response.status_code == 403 and row.input_tokens == 1
