from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from shop.models import CompanyInfo, Order, OrderItem, Price, Product, Stock
from shop.search import product_search_text
from shop.services import (
    BatchTooLarge,
    company_info_sync,
    company_info_update,
    order_bulk_sync,
    product_bulk_sync,
    product_description_set,
)
from tests.shop.factories import order_row, product_row


@pytest.fixture
def alpha(tenant_a, in_tenant):
    with in_tenant(tenant_a):
        yield tenant_a


def counts(report):
    return report.created, report.updated, report.unchanged, report.failed


def test_product_sync_creates_product_price_and_stock(alpha):
    report = product_bulk_sync(
        rows=[product_row(external_id="A1", name="Rdeča majica", price="19.90", stock=4)]
    )
    assert counts(report) == (1, 0, 0, 0)
    product = Product.objects.select_related("price", "stock").get(external_id="A1")
    assert (product.price.price, product.price.currency, product.stock.quantity) == (
        Decimal("19.90"),
        "EUR",
        4,
    )


def test_product_sync_fills_search_text(alpha):
    row = product_row(external_id="A1", name="Rdeča majica", attributes={"material": "Bombaž"})
    product_bulk_sync(rows=[row])
    product = Product.objects.get(external_id="A1")
    assert product.search_text == product_search_text(
        name="Rdeča majica", category=row["category"], description="", attributes={"material": "Bombaž"}
    )
    assert "rdeca majica" in product.search_text and "bombaz" in product.search_text


def test_resending_same_payload_changes_nothing(alpha):
    rows = [product_row(external_id=f"A{i}") for i in range(3)]
    product_bulk_sync(rows=rows)
    stamps = dict(Product.objects.values_list("external_id", "updated_at"))
    report = product_bulk_sync(rows=rows)
    assert counts(report) == (0, 0, 3, 0)
    assert dict(Product.objects.values_list("external_id", "updated_at")) == stamps


def test_changed_price_counts_as_update(alpha):
    product_bulk_sync(rows=[product_row(external_id="A1", price="10.00")])
    report = product_bulk_sync(rows=[product_row(external_id="A1", price="12.00")])
    assert counts(report) == (0, 1, 0, 0)
    assert Price.objects.get(product__external_id="A1").price == Decimal("12.00")


def test_partial_row_updates_only_given_fields(alpha):
    product_bulk_sync(rows=[product_row(external_id="A1", name="Majica", price="10.00", stock=5)])
    report = product_bulk_sync(rows=[{"external_id": "A1", "stock": 0}])
    assert counts(report) == (0, 1, 0, 0)
    product = Product.objects.select_related("price", "stock").get(external_id="A1")
    assert (product.name, product.price.price, product.stock.quantity) == ("Majica", Decimal("10.00"), 0)


def test_bad_rows_are_reported_with_index_and_external_id(alpha):
    rows = [
        product_row(external_id="OK1"),
        product_row(external_id="NEG", price="-1.00"),
        {"external_id": "NONAME", "price": "5.00"},
        product_row(external_id="OK2"),
    ]
    report = product_bulk_sync(rows=rows)
    assert counts(report) == (2, 0, 0, 2)
    errors = {(e.index, e.external_id): e.errors for e in report.errors}
    assert errors[(1, "NEG")] == {"price": "Must not be negative."}
    assert errors[(2, "NONAME")] == {"name": "This field is required."}
    assert set(Product.objects.values_list("external_id", flat=True)) == {"OK1", "OK2"}


def test_bad_row_for_existing_product_leaves_it_untouched(alpha):
    product_bulk_sync(rows=[product_row(external_id="A1", name="Majica", price="10.00", stock=5)])
    report = product_bulk_sync(rows=[{"external_id": "A1", "name": "Nova majica", "stock": 9, "price": "x"}])
    assert report.failed == 1
    product = Product.objects.select_related("price", "stock").get(external_id="A1")
    assert (product.name, product.price.price, product.stock.quantity) == ("Majica", Decimal("10.00"), 5)


def test_database_refusal_rolls_back_only_that_row(alpha, monkeypatch):
    from django.db import IntegrityError

    from shop import services

    original = services._stock_write

    def failing_stock_write(product, values, created):
        if product.external_id == "BOOM":
            raise IntegrityError("simulated failure after the product row was written")
        return original(product, values, created)

    monkeypatch.setattr(services, "_stock_write", failing_stock_write)
    report = product_bulk_sync(rows=[product_row(external_id="BOOM"), product_row(external_id="FINE")])
    assert [(e.index, e.external_id) for e in report.errors] == [(0, "BOOM")]
    assert list(Product.objects.values_list("external_id", flat=True)) == ["FINE"]
    assert not Price.objects.filter(product__external_id="BOOM").exists()


def test_duplicate_external_id_in_one_batch_is_refused(alpha):
    report = product_bulk_sync(rows=[product_row(external_id="D"), product_row(external_id="D")])
    assert [(e.index, e.external_id) for e in report.errors] == [(1, "D")]
    assert Product.objects.filter(external_id="D").count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("price", "1.999", "At most 2 decimal places."),
        ("stock", -3, "Must be at least 0."),
        ("stock", "many", "Must be a whole number."),
        ("url", "not a url", "Must be a full http(s) URL."),
        ("attributes", ["red"], 'Must be an object, e.g. {"color": ["red"], "size": ["S", "M"]}.'),
        ("currency", "euro", "Use a 3-letter ISO code such as EUR."),
        ("is_active", "yes", "Must be true or false."),
    ],
)
def test_invalid_product_fields_have_clear_messages(alpha, field, value, message):
    report = product_bulk_sync(rows=[product_row(**{field: value})])
    assert report.errors[0].errors == {field: message}
    assert not Product.objects.exists()


def test_non_object_row_is_reported(alpha):
    report = product_bulk_sync(rows=["just a string", product_row()])
    assert report.errors[0].index == 0 and report.errors[0].external_id is None
    assert report.created == 1


def test_batch_over_limit_is_refused_before_writing(alpha):
    with pytest.raises(BatchTooLarge):
        product_bulk_sync(rows=[product_row() for _ in range(1001)])
    assert not Product.objects.exists()


def test_order_sync_links_items_to_products(alpha):
    product_bulk_sync(rows=[product_row(external_id="P-1")])
    report = order_bulk_sync(rows=[order_row(external_id="O1")])
    assert counts(report) == (1, 0, 0, 0)
    order = Order.objects.get(external_id="O1")
    item = order.items.get()
    assert item.product.external_id == "P-1" and item.unit_price == Decimal("29.90")
    assert order.created_at == datetime(2026, 3, 1, 10, tzinfo=ZoneInfo("Europe/Ljubljana"))


def test_order_resync_is_unchanged_and_items_are_replaced_on_change(alpha):
    order_bulk_sync(rows=[order_row(external_id="O1")])
    assert counts(order_bulk_sync(rows=[order_row(external_id="O1")])) == (0, 0, 1, 0)
    new_items = [{"name": "Kapa", "quantity": 2, "unit_price": "5.00"}]
    assert counts(order_bulk_sync(rows=[order_row(external_id="O1", items=new_items)])) == (0, 1, 0, 0)
    assert list(OrderItem.objects.values_list("name", "quantity")) == [("Kapa", 2)]


def test_bad_order_rows_are_reported(alpha):
    rows = [
        order_row(external_id="O1", status="lost"),
        order_row(external_id="O2", created_at="yesterday"),
        order_row(external_id="O3", items=[{"name": "x", "quantity": 0, "unit_price": "1.00"}]),
        order_row(external_id="O4"),
    ]
    report = order_bulk_sync(rows=rows)
    errors = {e.external_id: e.errors for e in report.errors}
    assert set(errors) == {"O1", "O2", "O3"}
    assert errors["O3"] == {"items[0].quantity": "Must be at least 1."}
    assert list(Order.objects.values_list("external_id", flat=True)) == ["O4"]
    assert OrderItem.objects.count() == 1


def test_company_sync_then_same_payload_is_unchanged(alpha):
    data = {"name": "Alpha", "working_hours": {"mon": [["09:00", "17:00"]], "sun": []}}
    assert counts(company_info_sync(data=data)) == (1, 0, 0, 0)
    assert counts(company_info_sync(data=data)) == (0, 0, 1, 0)
    assert CompanyInfo.objects.get().working_hours["mon"] == [["09:00", "17:00"]]


def test_company_sync_refuses_bad_hours_and_writes_nothing(alpha):
    report = company_info_sync(data={"name": "X", "working_hours": {"mon": [["17:00", "09:00"]]}})
    assert "working_hours" in report.errors[0].errors
    assert not CompanyInfo.objects.exists()


def test_company_update_from_dashboard_validates_hours(alpha):
    with pytest.raises(ValidationError):
        company_info_update(name="X", contact={}, working_hours={"funday": []}, policies={})


def test_description_write_back_refreshes_search_text(alpha):
    product_bulk_sync(rows=[product_row(external_id="A1", name="Majica")])
    product = Product.objects.get(external_id="A1")
    product_description_set(product_id=product.pk, description="Zelo mehka, iz lanu.")
    assert "lanu" in Product.objects.get(pk=product.pk).search_text


def test_new_product_without_stock_field_gets_zero_stock(alpha):
    row = product_row(external_id="A1")
    del row["stock"]
    product_bulk_sync(rows=[row])
    assert Stock.objects.get(product__external_id="A1").quantity == 0
