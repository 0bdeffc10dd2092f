import pytest

from tests.emailing.fake_sendy import FakeSendy


@pytest.fixture(autouse=True)
def _english_messages():
    """Service-level messages in English for assertions (requests still pick their own language)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def fake_sendy():
    server = FakeSendy().start()
    yield server
    server.stop()


@pytest.fixture
def sendy_config(fake_sendy):
    from emailing.sendy import SendyConfig

    return SendyConfig(
        url=fake_sendy.url,
        api_key=fake_sendy.state.api_key,
        brand_id="1",
        list_ids=("list-abc",),
        from_name="Alpha Shop",
        from_email="news@alpha.test",
        reply_to="hello@alpha.test",
    )


@pytest.fixture
def sendy_client(sendy_config):
    from emailing.sendy import SendyClient

    with SendyClient(sendy_config, timeout=2.0) as client:
        yield client


def make_product(name, price, *, regular=None, qty=5, url="", category="Oblačila", external_id=None):
    from decimal import Decimal

    from shop.models import Price, Product, Stock

    product = Product.objects.create(
        external_id=external_id or f"ext-{name}", name=name, category=category, url=url
    )
    Price.objects.create(
        product=product, price=Decimal(price), regular_price=Decimal(regular) if regular else None
    )
    Stock.objects.create(product=product, quantity=qty)
    return product


@pytest.fixture
def catalog_a(tenant_a, in_tenant):
    with in_tenant(tenant_a):
        products = [
            make_product("Majica Bombaž", "19.90", url="https://alpha.test/majica"),
            make_product("Jakna Zimska", "89.00", regular="120.00", url="https://alpha.test/jakna"),
            make_product("Kapa Volnena", "15.50", regular="18.00"),
            make_product("Čevlji Tekaški", "75.00", qty=0),
        ]
    return products


def configure_sendy(account, fake, **overrides):
    from features.services import feature_set

    config = {
        "sendy_url": fake.url,
        "sendy_api_key": fake.state.api_key,
        "brand_id": "1",
        "list_ids": ["list-abc"],
        "from_name": "Alpha Shop",
        "from_email": "news@alpha.test",
        "reply_to": "hello@alpha.test",
        **overrides,
    }
    return feature_set(account=account, agent="email", feature="core", config=config)


@pytest.fixture
def sendy_a(tenant_a, fake_sendy):
    configure_sendy(tenant_a, fake_sendy)
    return fake_sendy


@pytest.fixture
def owner_user_a(tenant_a, owner_a, in_tenant):
    from django.contrib.auth import get_user_model

    with in_tenant(tenant_a):
        return get_user_model().objects.get(username=owner_a[0])
