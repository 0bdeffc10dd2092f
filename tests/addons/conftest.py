"""Fixtures of the add-on tests: a small catalog in each tenant, an owner, a chat helper."""

import pytest
from django.db import connection

CATALOG_A = [
    {"external_id": "TS-RED", "name": "Rdeča majica", "category": "Majice", "price": "19.90", "stock": 12,
     "attributes": {"color": ["red", "rdeča"], "material": "cotton", "size": ["S", "M", "L"]}},
    {"external_id": "TS-BLUE", "name": "Modra majica", "category": "Majice", "price": "17.50", "stock": 0,
     "attributes": {"color": ["blue", "modra"], "material": "cotton", "size": ["M", "XL"]}},
    {"external_id": "HOOD-GRN", "name": "Zelen pulover", "category": "Puloverji", "price": "45.00", "stock": 3,
     "attributes": {"color": ["green", "zelena"], "material": "wool", "size": ["M", "L"]}},
    {"external_id": "BANNER", "name": "Reklamni transparent", "category": "Tisk", "price": "30.00", "stock": 100,
     "attributes": {"material": "pvc"}},
]  # fmt: skip
CATALOG_B = [
    {"external_id": "B-CAP", "name": "Kapa beta", "category": "Kape", "price": "9.00", "stock": 0,
     "attributes": {"color": ["black"]}},
]  # fmt: skip


def seed(account, rows):
    from django_tenants.utils import tenant_context

    from shop.services import product_bulk_sync

    with tenant_context(account):
        report = product_bulk_sync(rows=rows)
        assert not report.errors, report.errors
    connection.set_schema_to_public()


@pytest.fixture
def catalog(tenant_a, tenant_b):
    seed(tenant_a, CATALOG_A)
    seed(tenant_b, CATALOG_B)
    return tenant_a, tenant_b


def product_id(account, external_id: str) -> int:
    from django_tenants.utils import tenant_context

    from shop.models import Product

    with tenant_context(account):
        pk = Product.objects.get(external_id=external_id).pk
    connection.set_schema_to_public()
    return pk


def ask(account, text: str, *, agent: str = "chatbot", history=None, session_id=None):
    from llm.context import AgentContext
    from llm.runtime import agent_reply

    context = AgentContext(
        account_id=account.pk,
        schema_name=account.schema_name,
        agent=agent,
        channel="cli",
        session_id=session_id,
    )
    turns = list(history or []) + [{"role": "user", "content": text}]
    reply = agent_reply(account=account, context=context, history=turns)
    connection.set_schema_to_public()
    return reply


def disable(account, agent: str, feature: str) -> None:
    from features.services import feature_set

    feature_set(account=account, agent=agent, feature=feature, enabled=False)


def api(client, account, method: str, path: str, key: str, data=None, **extra):
    import json

    from tests.conftest import host

    call = getattr(client, method)
    kwargs = {"HTTP_HOST": host(account), "HTTP_AUTHORIZATION": f"Api-Key {key}", **extra}
    if data is not None:
        return call(f"/api/v1/addons/{path}", json.dumps(data), content_type="application/json", **kwargs)
    return call(f"/api/v1/addons/{path}", **kwargs)
