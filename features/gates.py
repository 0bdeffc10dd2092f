"""The feature gate at every entry point: DRF views, dashboard views, Celery tasks."""

import functools

from django.db import connection
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import permissions

from features.selectors import is_enabled


class FeatureDisabled(Exception):
    pass


def current_account():
    tenant = getattr(connection, "tenant", None)
    if tenant is None or getattr(tenant, "schema_name", "public") == "public":
        return None
    return tenant


def feature_permission(agent: str, feature: str = "core"):
    """DRF permission class factory: `permission_classes = [feature_permission("booking")]`."""

    class FeatureEnabled(permissions.BasePermission):
        message = _("This feature is not enabled for this account.")

        def has_permission(self, request, view):
            if not is_enabled(getattr(request, "tenant", None), agent, feature):
                # A disabled feature is absent: 404, not a hint that it exists.
                raise Http404(self.message)
            return True

    FeatureEnabled.__name__ = f"FeatureEnabled_{agent}_{feature}"
    return FeatureEnabled


def feature_required(agent: str, feature: str = "core"):
    """Decorator for dashboard views and Celery task bodies."""

    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            request = args[0] if args and hasattr(args[0], "tenant") else None
            account = request.tenant if request is not None else current_account()
            if not is_enabled(account, agent, feature):
                if request is not None:
                    raise Http404(_("This feature is not enabled for this account."))
                raise FeatureDisabled(f"{agent}.{feature} is disabled for {account}")
            return func(*args, **kwargs)

        return wrapper

    return decorator


class FeatureRequiredMixin:
    """Class-based dashboard views: set `feature = ("booking", "core")`."""

    feature: tuple[str, str] = ("chatbot", "core")

    def dispatch(self, request, *args, **kwargs):
        if not is_enabled(request.tenant, *self.feature):
            raise Http404(_("This feature is not enabled for this account."))
        return super().dispatch(request, *args, **kwargs)
