import json

import pytest
from django.core.management import CommandError, call_command

from shop.models import CompanyInfo, Order, Product
from shop.services import product_bulk_sync
from tests.conftest import host
from tests.shop.factories import CATALOG, order_row, product_row


@pytest.fixture
def shop_file(tmp_path):
    def write(payload) -> str:
        path = tmp_path / "shop.json"
        path.write_text(json.dumps(payload), encoding="utf-8")
        return str(path)

    return write


def test_import_shop_loads_company_products_and_orders(tenant_a, in_tenant, shop_file, capsys):
    payload = {
        "company": {"name": "Alpha", "working_hours": {"mon": [["09:00", "17:00"]]}},
        "products": [product_row(external_id="P-1"), product_row(external_id="P-2")],
        "orders": [order_row(external_id="O1")],
    }
    call_command("import_shop", shop_file(payload), account="alpha")
    out = capsys.readouterr().out
    assert "products: 2 received, 2 created, 0 updated, 0 unchanged, 0 failed" in out
    assert "orders: 1 received, 1 created" in out
    with in_tenant(tenant_a):
        assert (CompanyInfo.objects.get().name, Product.objects.count(), Order.objects.count()) == (
            "Alpha",
            2,
            1,
        )


def test_import_shop_twice_reports_unchanged(tenant_a, shop_file, capsys):
    path = shop_file({"products": [product_row(external_id="P-1")]})
    call_command("import_shop", path, account="alpha")
    call_command("import_shop", path, account="alpha")
    assert "products: 1 received, 0 created, 0 updated, 1 unchanged, 0 failed" in capsys.readouterr().out


def test_import_shop_prints_row_errors_and_fails(tenant_a, in_tenant, shop_file, capsys):
    path = shop_file(
        {"products": [product_row(external_id="OK"), product_row(external_id="BAD", price="-2")]}
    )
    with pytest.raises(CommandError, match="1 row"):
        call_command("import_shop", path, account="alpha")
    assert "row 1 (BAD): price: Must not be negative." in capsys.readouterr().out
    with in_tenant(tenant_a):
        assert list(Product.objects.values_list("external_id", flat=True)) == ["OK"]


def test_import_shop_refuses_unknown_account_and_bad_json(db, shop_file, tmp_path):
    with pytest.raises(CommandError, match='No account "nobody"'):
        call_command("import_shop", shop_file({"products": []}), account="nobody")
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("import_shop", str(broken), account="alpha")


def test_import_shop_refuses_unknown_top_level_keys(tenant_a, shop_file):
    with pytest.raises(CommandError, match="Unknown top-level keys: customers"):
        call_command("import_shop", shop_file({"products": [], "customers": []}), account="alpha")


def test_import_shop_syncs_files_larger_than_one_batch(tenant_a, in_tenant, shop_file, capsys):
    rows = [product_row(external_id=f"BIG-{i}") for i in range(1203)]
    rows[1100]["price"] = "-1"
    with pytest.raises(CommandError):
        call_command("import_shop", shop_file({"products": rows}), account="alpha")
    assert "row 1100 (BIG-1100)" in capsys.readouterr().out
    with in_tenant(tenant_a):
        assert Product.objects.count() == 1202


def test_products_page_requires_login(client, tenant_a):
    response = client.get("/shop/", HTTP_HOST=host(tenant_a))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.fixture
def catalog(tenant_a, in_tenant):
    with in_tenant(tenant_a):
        product_bulk_sync(rows=[dict(row) for row in CATALOG])


def test_products_page_lists_price_and_stock(owner_client_a, catalog):
    page = owner_client_a.get("/shop/").content.decode()
    assert "Rdeča majica" in page and "19,90" in page  # sl formatting and 'hx-get="/shop/"' in page


def test_products_live_search_returns_only_the_results(owner_client_a, catalog):
    response = owner_client_a.get("/shop/?q=majca", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert "Rdeča majica" in html and "Volnena jakna" not in html


def test_products_page_of_beta_does_not_show_alpha_products(client, catalog, tenant_b):
    from accounts.services import owner_create

    owner_create(account=tenant_b, email="owner@beta.test", password="correct-horse-9")
    client.defaults["HTTP_HOST"] = host(tenant_b)
    assert (
        client.post("/login/", {"username": "owner@beta.test", "password": "correct-horse-9"}).status_code
        == 302
    )
    page = client.get("/shop/?q=majica").content.decode()
    assert "Rdeča majica" not in page


def test_products_page_speaks_slovenian_and_english(owner_client_a, catalog):
    slovenian = owner_client_a.get("/shop/?q=modra", HTTP_ACCEPT_LANGUAGE="sl").content.decode()
    assert "Zaloga" in slovenian and "Ni na zalogi" in slovenian
    english = owner_client_a.get("/shop/?q=modra", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Stock" in english and "Out of stock" in english
