"""The real httpx Sendy client against the local fake Sendy server."""

from dataclasses import replace
from datetime import datetime

import pytest

from emailing import sendy
from emailing.sendy import CampaignRequest, SendyClient


def _request(**kw):
    return CampaignRequest(
        title="Spring sale",
        subject="Spring sale",
        html_text="<p>Hi <unsubscribe>x</unsubscribe></p>",
        plain_text="Hi [unsubscribe]",
        **kw,
    )


def test_draft_campaign_returns_id_when_sendy_supports_json(sendy_client, fake_sendy):
    result = sendy_client.campaign_create(_request())
    assert result.state == "draft"
    assert result.campaign_id == fake_sendy.campaigns[0]["id"]
    assert fake_sendy.campaigns[0]["send_campaign"] == "0"
    assert fake_sendy.campaigns[0]["brand_id"] == "1"


def test_draft_campaign_copes_with_plain_answer_of_older_sendy(sendy_client, fake_sendy):
    fake_sendy.state.json_drafts = False
    result = sendy_client.campaign_create(_request())
    assert (result.state, result.campaign_id, result.answer) == ("draft", None, "Campaign created")


def test_send_now_posts_documented_fields(sendy_client, fake_sendy):
    result = sendy_client.campaign_create(_request(), send=True)
    assert result.state == "sending"
    sent = fake_sendy.campaigns[0]
    assert sent["send_campaign"] == "1"
    assert sent["list_ids"] == "list-abc"
    assert sent["from_email"] == "news@alpha.test"
    assert sent["reply_to"] == "hello@alpha.test"
    assert sent["plain_text"] == "Hi [unsubscribe]"


def test_scheduled_campaign_sends_sendy_date_format(sendy_client, fake_sendy):
    result = sendy_client.campaign_create(
        _request(), schedule_at=datetime(2026, 6, 15, 18, 3), schedule_timezone="Europe/Ljubljana"
    )
    assert result.state == "scheduled"
    assert fake_sendy.campaigns[0]["schedule_date_time"] == "June 15, 2026 6:05pm"
    assert fake_sendy.campaigns[0]["schedule_timezone"] == "Europe/Ljubljana"


def test_format_schedule_morning_and_noon():
    assert sendy.format_schedule(datetime(2026, 1, 2, 0, 0)) == "January 2, 2026 12:00am"
    assert sendy.format_schedule(datetime(2026, 1, 2, 12, 10)) == "January 2, 2026 12:10pm"


def test_invalid_api_key_is_auth_error_with_sendy_text(sendy_config, fake_sendy):
    with SendyClient(replace(sendy_config, api_key="wrong"), timeout=2.0) as client:
        with pytest.raises(sendy.SendyAuthError) as excinfo:
            client.campaign_create(_request(), send=True)
    assert str(excinfo.value) == "Invalid API key"


def test_unknown_list_is_invalid_value(sendy_config, fake_sendy):
    with SendyClient(replace(sendy_config, list_ids=("nope",)), timeout=2.0) as client:
        with pytest.raises(sendy.SendyInvalidValue, match="One or more list IDs are invalid"):
            client.campaign_create(_request(), send=True)


def test_draft_without_brand_is_missing_data(sendy_config, fake_sendy):
    with SendyClient(replace(sendy_config, brand_id=""), timeout=2.0) as client:
        with pytest.raises(sendy.SendyMissingData, match="Brand ID not passed"):
            client.campaign_create(_request())


@pytest.mark.parametrize("text", sorted(sendy.ERRORS))
def test_every_documented_error_text_maps_to_its_type(sendy_client, fake_sendy, text):
    fake_sendy.state.fail_next["/api/campaigns/create.php"] = text.capitalize() + "."
    with pytest.raises(sendy.ERRORS[text]) as excinfo:
        sendy_client.campaign_create(_request(), send=True)
    assert excinfo.value.message == text.capitalize() + "."
    assert fake_sendy.campaigns == []


def test_undocumented_answer_is_unexpected_not_success(sendy_client, fake_sendy):
    fake_sendy.state.fail_next["/api/campaigns/create.php"] = "<html>Fatal error</html>"
    with pytest.raises(sendy.SendyUnexpectedAnswer, match="Fatal error"):
        sendy_client.campaign_create(_request(), send=True)


def test_server_error_is_retryable(sendy_client, fake_sendy):
    fake_sendy.state.status_next["/api/campaigns/create.php"] = 503
    with pytest.raises(sendy.SendyRetryableError) as excinfo:
        sendy_client.campaign_create(_request(), send=True)
    assert excinfo.value.delivered is True


def test_timeout_is_retryable(sendy_config, fake_sendy):
    fake_sendy.state.delay_next["/api/subscribers/active-subscriber-count.php"] = 1.0
    with SendyClient(sendy_config, timeout=0.2) as client:
        with pytest.raises(sendy.SendyRetryableError, match="in time"):
            client.active_subscriber_count(list_id="list-abc")


def test_unreachable_sendy_is_retryable_and_not_delivered(sendy_config):
    with SendyClient(replace(sendy_config, url="http://127.0.0.1:9"), timeout=1.0) as client:
        with pytest.raises(sendy.SendyRetryableError) as excinfo:
            client.lists()
    assert excinfo.value.delivered is False


def test_subscribe_passes_gdpr_and_consent_fields(sendy_client, fake_sendy):
    assert sendy_client.subscribe(
        email="Ana@Example.com", list_id="list-abc", name="Ana", ipaddress="10.0.0.1", referrer="chatbot"
    )
    sub = fake_sendy.subscriber("list-abc", "ana@example.com")
    assert (sub["gdpr"], sub["ipaddress"], sub["name"], sub["referrer"]) == (
        "true",
        "10.0.0.1",
        "Ana",
        "chatbot",
    )
    assert sub["status"] == "Unconfirmed"  # double opt-in by default


def test_subscribe_twice_is_already_subscribed(sendy_client, fake_sendy):
    fake_sendy.add_subscriber("list-abc", "ana@example.com")
    with pytest.raises(sendy.SendyAlreadySubscribed):
        sendy_client.subscribe(email="ana@example.com", list_id="list-abc")


def test_subscribe_bad_email_and_bad_list(sendy_client):
    with pytest.raises(sendy.SendyInvalidValue, match="Invalid email address"):
        sendy_client.subscribe(email="not-an-email", list_id="list-abc")
    with pytest.raises(sendy.SendyNotFound, match="Invalid list ID"):
        sendy_client.subscribe(email="ana@example.com", list_id="nope")


def test_unsubscribe_and_status(sendy_client, fake_sendy):
    fake_sendy.add_subscriber("list-abc", "ana@example.com")
    assert sendy_client.subscription_status(email="ana@example.com", list_id="list-abc") == "Subscribed"
    assert sendy_client.unsubscribe(email="ana@example.com", list_id="list-abc") is True
    assert sendy_client.subscription_status(email="ana@example.com", list_id="list-abc") == "Unsubscribed"
    assert sendy_client.subscription_status(email="nobody@example.com", list_id="list-abc") is None


def test_unsubscribe_unknown_address(sendy_client):
    with pytest.raises(sendy.SendyNotFound, match="Email does not exist"):
        sendy_client.unsubscribe(email="nobody@example.com", list_id="list-abc")


def test_active_subscriber_count(sendy_client, fake_sendy):
    fake_sendy.add_subscriber("list-abc", "a@example.com")
    fake_sendy.add_subscriber("list-abc", "b@example.com", status="Unsubscribed")
    assert sendy_client.active_subscriber_count(list_id="list-abc") == 1
    with pytest.raises(sendy.SendyNotFound, match="List does not exist"):
        sendy_client.active_subscriber_count(list_id="nope")


def test_get_lists_and_brands(sendy_client):
    assert {(x.id, x.name) for x in sendy_client.lists()} == {("list-abc", "Newsletter"), ("list-vip", "VIP")}
    assert sendy_client.brands() == {"1": "Alpha Shop"}
    with pytest.raises(sendy.SendyNotFound, match="Brand does not exist"):
        sendy_client.lists(brand_id="9")


def test_subscriber_delete(sendy_client, fake_sendy):
    fake_sendy.add_subscriber("list-abc", "a@example.com")
    assert sendy_client.subscriber_delete(email="a@example.com", list_id="list-abc")
    with pytest.raises(sendy.SendyNotFound, match="Subscriber does not exist"):
        sendy_client.subscriber_delete(email="a@example.com", list_id="list-abc")
