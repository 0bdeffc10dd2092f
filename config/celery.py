"""The tenant-aware Celery app: every task runs inside its tenant's schema.

tenant-schemas-celery records the schema of the connection that sends a task and switches the
worker's connection to it before the task runs, so `shared_task`s are tenant-scoped by default.
"""

import os

from tenant_schemas_celery.app import CeleryApp as TenantAwareCeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = TenantAwareCeleryApp("growiyo")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def every_tenant(
    task_name: str,
    schedule,
    *,
    feature: tuple[str, str] | None = None,
    args: list | tuple = (),
    kwargs: dict | None = None,
) -> dict:
    """A CELERY_BEAT_SCHEDULE entry that runs `task_name` in every shop account's schema.

    Beat sends one `accounts.tenant_fan_out` (public schema); it sends `task_name` once per
    account inside that account's schema, skipping the template and, when `feature` is given,
    accounts without it::

        CELERY_BEAT_SCHEDULE["chatbot-retention"] = every_tenant(
            "chatbot.retention_purge", crontab(hour=3, minute=0), feature=("chatbot", "core"))
    """
    return {
        "task": "accounts.tenant_fan_out",
        "schedule": schedule,
        "args": (task_name, list(args), kwargs or {}, list(feature) if feature else None),
    }
