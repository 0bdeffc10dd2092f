"""Shared start-up of the bench scripts: Django settings, a migrated public schema, the template."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from accounts.services import platform_bootstrap

    # Idempotent: on a migrated database this applies nothing.
    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    platform_bootstrap()


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]
