"""Celery tasks of the email agent (tenant-aware: they run in the schema that queued them)."""

from celery import shared_task

from emailing.sendy import SendyRetryableError
from features.gates import current_account, feature_required


@shared_task(bind=True, max_retries=3, acks_late=True)
@feature_required("email")
def campaign_send(self, draft_id: int) -> dict:
    """Create the Sendy campaign of an approved draft exactly once (see emailing.services)."""
    from emailing import services

    outcome = services.campaign_send(account=current_account(), draft_id=draft_id)
    # Only a failure that never reached Sendy is retried automatically: it cannot duplicate.
    # Eager runs (development without Redis, tests) do not retry: the owner clicks send again.
    if outcome.retry and not self.request.is_eager and self.request.retries < self.max_retries:
        raise self.retry(countdown=60 * (self.request.retries + 1))
    return {"result": outcome.result, "message": outcome.message}


@shared_task(bind=True, max_retries=5, acks_late=True)
@feature_required("email")
def subscriber_push(self, subscriber_id: int) -> str:
    from emailing import subscribers

    try:
        row = subscribers.subscriber_push(account=current_account(), subscriber_id=subscriber_id)
    except SendyRetryableError as exc:
        if not self.request.is_eager and self.request.retries < self.max_retries:
            raise self.retry(countdown=120 * (self.request.retries + 1), exc=exc) from exc
        return "pending"
    return row.status if row else "missing"


@shared_task
@feature_required("email")
def subscribers_pull(hours: int = 25) -> int:
    """Periodic: subscribe booking customers with marketing consent from the last `hours`."""
    from datetime import timedelta

    from django.utils import timezone

    from emailing import subscribers

    return subscribers.subscribers_pull(
        account=current_account(), since=timezone.now() - timedelta(hours=hours)
    )
