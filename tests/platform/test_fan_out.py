from celery.schedules import crontab

from accounts.tasks import tenant_fan_out
from config.celery import every_tenant
from features.services import feature_set


def test_every_tenant_builds_a_fan_out_beat_entry():
    schedule = crontab(hour=3, minute=0)
    entry = every_tenant(
        "chatbot.retention_purge", schedule, feature=("chatbot", "core"), kwargs={"days": 30}
    )
    assert entry == {
        "task": "accounts.tenant_fan_out",
        "schedule": schedule,
        "args": ("chatbot.retention_purge", [], {"days": 30}, ["chatbot", "core"]),
    }


def test_fan_out_reaches_every_shop_but_never_the_template(tenant_a, tenant_b):
    sent = tenant_fan_out("accounts.tenant_row_counts")
    assert {"alpha", "beta"} <= set(sent)
    assert "tenant_template" not in sent and "public" not in sent


def test_fan_out_skips_accounts_without_the_feature(tenant_a, tenant_b):
    feature_set(account=tenant_b, agent="booking", feature="core", enabled=False)
    sent = tenant_fan_out("accounts.tenant_row_counts", feature=["booking", "core"])
    assert "alpha" in sent and "beta" not in sent


def test_configured_beat_entries_name_registered_tasks():
    from celery import current_app
    from django.conf import settings

    current_app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in current_app.tasks, name
        if entry["task"] == "accounts.tenant_fan_out":
            assert entry["args"][0] in current_app.tasks, name
