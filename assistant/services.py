"""Writes of the assistant: traffic ingest, memory, chat sessions and messages.

Action writes (the approval workflow) are in assistant/actions.py; the rollup in analytics.py.
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from assistant.analytics import analytics_rollup, local_today
from assistant.models import AssistantMemory, AssistantMessage, AssistantSession, DailyTraffic
from shop.search import normalize

MAX_TRAFFIC_ROWS = 1000
MAX_MEMORY_ITEMS = 200
MAX_MEMORY_CHARS = 1000


def _count(row: dict, key: str, index: int) -> int | None:
    if key not in row or row[key] is None:
        return None
    value = row[key]
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError({f"days[{index}].{key}": "Must be a whole number ≥ 0 or null."})
    return value


@transaction.atomic
def traffic_ingest(*, days: list) -> dict:
    """Upsert visits / abandoned carts per local day. A key left out keeps the stored value;
    null clears it. Everything is validated before anything is written."""
    if not isinstance(days, list) or not days:
        raise ValidationError({"days": "Send a non-empty list of days."})
    if len(days) > MAX_TRAFFIC_ROWS:
        raise ValidationError({"days": f"At most {MAX_TRAFFIC_ROWS} days per request."})
    parsed: dict[date, dict] = {}
    for index, row in enumerate(days):
        if not isinstance(row, dict):
            raise ValidationError({f"days[{index}]": "Each day must be an object."})
        try:
            day = date.fromisoformat(str(row.get("day", "")))
        except ValueError:
            raise ValidationError({f"days[{index}].day": "Give the day as YYYY-MM-DD."}) from None
        fields = {key: _count(row, key, index) for key in ("visits", "abandoned_carts") if key in row}
        if not fields:
            raise ValidationError({f"days[{index}]": "Give visits and/or abandoned_carts."})
        parsed.setdefault(day, {}).update(fields)
    created = updated = 0
    for day, fields in sorted(parsed.items()):
        _row, was_created = DailyTraffic.objects.update_or_create(day=day, defaults=fields)
        created += was_created
        updated += not was_created
    # Conversion and abandoned carts of those days follow at once (days up to today only).
    first, last = min(parsed), min(max(parsed), local_today())
    if first <= last:
        analytics_rollup(start=first, end=last)
    return {"received": len(days), "created": created, "updated": updated, "days": len(parsed)}


def memory_key(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", normalize(text))
    return "_".join(words[:6])[:100] or "note"


def memory_remember(*, key: str, text: str) -> AssistantMemory:
    """Store (or replace) one fact or preference the owner told the assistant."""
    key = memory_key(key)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Tell me what to remember."})
    if len(text) > MAX_MEMORY_CHARS:
        raise ValidationError({"text": f"At most {MAX_MEMORY_CHARS} characters."})
    if (
        not AssistantMemory.objects.filter(key=key).exists()
        and AssistantMemory.objects.count() >= MAX_MEMORY_ITEMS
    ):
        raise ValidationError({"key": f"At most {MAX_MEMORY_ITEMS} remembered items; delete some first."})
    item, _created = AssistantMemory.objects.update_or_create(key=key, defaults={"value": {"text": text}})
    return item


def memory_delete(*, memory_id: int) -> None:
    deleted, _ = AssistantMemory.objects.filter(pk=memory_id).delete()
    if not deleted:
        raise AssistantMemory.DoesNotExist


def session_create(*, user=None, title: str = "") -> AssistantSession:
    return AssistantSession.objects.create(
        user=user if getattr(user, "pk", None) else None, title=title[:200]
    )


def message_add(*, session: AssistantSession, role: str, content: str, **extra) -> AssistantMessage:
    return AssistantMessage.objects.create(session=session, role=role, content=content, **extra)
