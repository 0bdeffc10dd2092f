from collections import Counter
from datetime import UTC, datetime

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django_tenants.utils import schema_context

from accounts import demo_data
from accounts.demo import demo_catalog_seed, demo_seed
from features.selectors import is_enabled

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def test_catalog_is_deterministic_for_a_seed():
    first = demo_data.catalog(products=300)
    second = demo_data.catalog(products=300)
    assert [(p.external_id, p.name, p.price, p.stock) for p in first] == [
        (p.external_id, p.name, p.price, p.stock) for p in second
    ]
    assert len(first) == 300
    assert len({p.external_id for p in first}) == 300


def test_catalog_has_red_t_shirts_in_size_m_in_stock():
    tees = [
        p
        for p in demo_data.catalog()
        if p.name.startswith("Rdeča majica") and "M" in p.attributes["size"] and p.stock > 0
    ]
    assert len(tees) >= 3
    assert all(p.attributes["color"] == ["red"] and p.attributes["type"] == "t-shirt" for p in tees)


def test_catalog_has_sales_out_of_stock_and_missing_descriptions():
    products = demo_data.catalog()
    assert any(p.regular_price and p.regular_price > p.price for p in products)
    assert 5 < sum(p.stock == 0 for p in products) < 60
    assert 10 < sum(p.description == "" for p in products) < 80


def test_orders_follow_a_weekly_pattern_with_busy_weekends():
    products = demo_data.catalog()
    orders = demo_data.order_history(products=products, months=12, now=NOW)
    per_weekday = Counter(o.created_at.weekday() for o in orders)
    assert per_weekday[5] > per_weekday[0] > per_weekday[6]
    assert per_weekday[4] > per_weekday[2]
    assert max(o.created_at for o in orders) <= NOW
    assert {o.status for o in orders} == {"paid", "refunded", "cancelled"}


def test_order_totals_are_the_sum_of_their_lines():
    products = demo_data.catalog(products=50)
    order = demo_data.order_history(products=products, months=1, now=NOW)[0]
    assert order.total == sum(item.unit_price * item.quantity for item in order.items)


def test_catalog_seed_into_existing_tenant_is_idempotent(tenant_a, in_tenant):
    from shop.models import Order, OrderItem, Price, Product, Stock

    first = demo_catalog_seed(tenant_a, products=60, months=2, now=NOW)
    second = demo_catalog_seed(tenant_a, products=60, months=2, now=NOW)
    assert first.products_created == 60 and first.orders_created > 50
    assert (second.products_created, second.orders_created) == (0, 0)
    with in_tenant(tenant_a):
        assert Product.objects.count() == Price.objects.count() == Stock.objects.count() == 60
        assert Order.objects.count() == first.orders_created
        assert OrderItem.objects.filter(product__isnull=True).count() == 0
        tee = Product.objects.filter(name__startswith="Rdeča majica").first()
        assert "rdeca majica" in tee.search_text and "red" in tee.search_text


def test_catalog_seed_stays_in_its_tenant(tenant_a, tenant_b, in_tenant):
    from shop.models import Product

    demo_catalog_seed(tenant_a, products=20, months=0, now=NOW)
    with in_tenant(tenant_b):
        assert Product.objects.count() == 0


def test_seed_demo_creates_pro_account_owner_admin_and_company(db, client):
    result = demo_seed(products=40, months=1, now=NOW)
    assert result.host == "demo.localhost"
    assert result.account.subscription_tier == "pro"
    assert is_enabled(result.account, "chatbot") and is_enabled(result.account, "email")
    with schema_context("demo"):
        from shop.models import CompanyInfo

        info = CompanyInfo.objects.get()
        assert info.name == "Trgovina Demo"
        assert info.working_hours["sun"] == [] and info.working_hours["timezone"] == "Europe/Ljubljana"
        assert set(info.policies) == {"shipping", "returns", "payment", "warranty"}
    with schema_context("public"):
        assert get_user_model().objects.get(username="admin").is_superuser
    response = client.post(
        "/login/",
        {"username": demo_data.DEMO_OWNER_EMAIL, "password": demo_data.DEMO_OWNER_PASSWORD},
        HTTP_HOST="demo.localhost",
    )
    assert response.status_code == 302


def test_seed_demo_command_twice_creates_no_duplicates(db, capsys):
    call_command("seed_demo", products=30, months=1)
    first = capsys.readouterr().out
    call_command("seed_demo", products=30, months=1)
    second = capsys.readouterr().out
    assert "owner@demo.localhost / demo-owner-2026" in first
    assert "created" in first and "already there" in second
    assert "(+0)" in second
    with schema_context("demo"):
        from shop.models import CompanyInfo, Product

        assert Product.objects.count() == 30
        assert CompanyInfo.objects.count() == 1
