"""Writes the demo shop (`manage.py seed_demo`) and demo catalogs into existing test tenants.

Idempotent by the rows' own external ids: products and orders already present are left alone
(never updated), so re-running changes nothing and duplicates are impossible (unique
external_id plus `ignore_conflicts`). Bulk inserts keep a full year of orders to a few seconds.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from accounts import demo_data
from accounts.models import Account, Tier
from accounts.services import account_create, owner_create, platform_bootstrap, tenant_host


@dataclass
class DemoCatalogResult:
    products_created: int
    orders_created: int
    products_total: int
    orders_total: int


@dataclass
class DemoSeedResult:
    account: Account
    host: str
    created: bool
    catalog: DemoCatalogResult
    owner_email: str
    owner_password: str
    admin_username: str
    admin_password: str


def demo_catalog_seed(
    account: Account,
    products: int = 300,
    months: int = 12,
    *,
    seed: int = demo_data.DEMO_SEED,
    now: datetime | None = None,
    company: bool = True,
) -> DemoCatalogResult:
    """Fill an existing account's shop tables with the demo catalog, stock, prices and orders."""
    from shop.models import CompanyInfo, Order, OrderItem, Price, Product, Stock
    from shop.search import product_search_text

    now = now or timezone.now()
    catalog = demo_data.catalog(seed=seed, products=products)
    history = demo_data.order_history(products=catalog, months=months, now=now, seed=seed) if months else []
    with tenant_context(account), transaction.atomic():
        if company and not CompanyInfo.objects.exists():
            CompanyInfo.objects.create(**demo_data.company_info())

        existing = set(
            Product.objects.filter(external_id__in=[p.external_id for p in catalog]).values_list(
                "external_id", flat=True
            )
        )
        new_products = [p for p in catalog if p.external_id not in existing]
        Product.objects.bulk_create(
            [
                Product(
                    external_id=p.external_id,
                    name=p.name,
                    description=p.description,
                    attributes=p.attributes,
                    category=p.category,
                    url=p.url,
                    search_text=product_search_text(
                        name=p.name, category=p.category, description=p.description, attributes=p.attributes
                    ),
                )
                for p in new_products
            ],
            ignore_conflicts=True,  # a concurrent seed of the same catalog is not an error
        )
        ids = dict(
            Product.objects.filter(external_id__in=[p.external_id for p in catalog]).values_list(
                "external_id", "pk"
            )
        )
        Price.objects.bulk_create(
            [
                Price(product_id=ids[p.external_id], price=p.price, regular_price=p.regular_price)
                for p in new_products
            ],
            ignore_conflicts=True,
        )
        Stock.objects.bulk_create(
            [Stock(product_id=ids[p.external_id], quantity=p.stock) for p in new_products],
            ignore_conflicts=True,
        )

        known_orders = set(
            Order.objects.filter(external_id__startswith="DEMO-").values_list("external_id", flat=True)
        )
        new_orders = [o for o in history if o.external_id not in known_orders]
        created = Order.objects.bulk_create(
            [
                Order(
                    external_id=o.external_id,
                    customer_id=o.customer_id,
                    total=o.total,
                    status=o.status,
                    created_at=o.created_at,
                )
                for o in new_orders
            ]
        )
        OrderItem.objects.bulk_create(
            [
                OrderItem(
                    order_id=row.pk,
                    product_id=ids.get(item.product_external_id),
                    product_external_id=item.product_external_id,
                    name=item.name,
                    quantity=item.quantity,
                    unit_price=item.unit_price,
                )
                for row, order in zip(created, new_orders, strict=True)
                for item in order.items
            ],
            batch_size=5000,
        )
        return DemoCatalogResult(
            products_created=len(new_products),
            orders_created=len(created),
            products_total=Product.objects.count(),
            orders_total=Order.objects.count(),
        )


def _staff_superuser_ensure(username: str, password: str) -> None:
    User = get_user_model()
    with schema_context("public"):
        user = User.objects.filter(username=username).first()
        if user is None:
            User.objects.create_superuser(username=username, email=f"{username}@localhost", password=password)


def _owner_ensure(account: Account, email: str, password: str) -> None:
    User = get_user_model()
    with schema_context(account.schema_name):
        user = User.objects.filter(username=email).first()
        if user is not None and user.check_password(password):
            return  # nothing to change: keeps re-runs free of writes
    owner_create(account=account, email=email, password=password)


def demo_seed(
    *, products: int = 300, months: int = 12, now: datetime | None = None, slug: str = demo_data.DEMO_SLUG
) -> DemoSeedResult:
    """The demo account at demo.localhost with owner, staff admin, company info, catalog, orders."""
    platform_bootstrap()
    account = Account.objects.filter(schema_name=slug).first()
    created = account is None
    if created:
        account = account_create(
            slug=slug,
            name=demo_data.DEMO_NAME,
            tier=Tier.PRO,
            owner_email=demo_data.DEMO_OWNER_EMAIL,
            owner_password=demo_data.DEMO_OWNER_PASSWORD,
        ).account
    else:
        _owner_ensure(account, demo_data.DEMO_OWNER_EMAIL, demo_data.DEMO_OWNER_PASSWORD)
    _staff_superuser_ensure(demo_data.DEMO_ADMIN_USERNAME, demo_data.DEMO_ADMIN_PASSWORD)
    catalog = demo_catalog_seed(account, products=products, months=months, now=now)
    return DemoSeedResult(
        account=account,
        host=tenant_host(slug),
        created=created,
        catalog=catalog,
        owner_email=demo_data.DEMO_OWNER_EMAIL,
        owner_password=demo_data.DEMO_OWNER_PASSWORD,
        admin_username=demo_data.DEMO_ADMIN_USERNAME,
        admin_password=demo_data.DEMO_ADMIN_PASSWORD,
    )
