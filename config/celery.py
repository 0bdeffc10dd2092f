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
