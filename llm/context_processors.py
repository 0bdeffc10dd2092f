"""`token_usage` in every dashboard template: this month's tokens, quota and warnings.

Lazy: the query runs only when a template uses it (the home page's usage card).
"""

from django.db import connection
from django.utils.functional import SimpleLazyObject


def token_usage(request):
    tenant = getattr(request, "tenant", None)
    user = getattr(request, "user", None)
    if tenant is None or connection.schema_name == "public" or not getattr(user, "is_authenticated", False):
        return {}
    from llm.metering import usage_summary

    return {"token_usage": SimpleLazyObject(lambda: usage_summary(tenant))}
