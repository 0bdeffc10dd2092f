"""Writes to the shop's read-source data: the idempotent bulk sync and company info.

Sync contract (docs/api.md): rows are upserted by the shop's own `external_id`. Every row is
validated before anything is written; valid rows are then written each in its own savepoint inside
one transaction, so a row that fails (in validation or, rarely, in the database) is reported with
its index and external_id and leaves nothing behind, while the other rows are applied. A row
whose values equal what is stored is counted `unchanged` and not written at all, so re-sending the
same payload changes nothing (not even `updated_at`).
"""

import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from shop import sync_rows
from shop.models import CompanyInfo, Order, OrderItem, Price, Product, Stock
from shop.search import product_search_text
from shop.sync_rows import BatchTooLarge, batch_rows  # noqa: F401  (re-exported for api/commands)

logger = logging.getLogger(__name__)

PRODUCT_FIELDS = ("name", "description", "category", "url", "image_url", "attributes", "is_active")
ORDER_FIELDS = ("customer_id", "total", "status", "created_at")


@dataclass
class RowError:
    index: int
    external_id: str | None
    errors: dict[str, str]


@dataclass
class SyncReport:
    entity: str
    received: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.errors)

    def as_dict(self) -> dict:
        return {
            "entity": self.entity,
            "received": self.received,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "errors": [
                {"index": e.index, "external_id": e.external_id, "errors": e.errors} for e in self.errors
            ],
        }


def _row_external_id(row) -> str | None:
    value = row.get("external_id") if isinstance(row, dict) else None
    return str(value) if value is not None else None


def _serialize_sync(name: str) -> None:
    # Two syncs of the same entity in one account would race on "does external_id exist yet";
    # a transaction-scoped advisory lock per schema and entity makes them take turns.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext(%s))", [f"{connection.schema_name}:sync:{name}"]
        )


def _duplicates(rows: list) -> set[int]:
    """Indexes of rows whose external_id appeared earlier in the same batch (ambiguous: refused)."""
    seen: set[str] = set()
    dupes: set[int] = set()
    for index, row in enumerate(rows):
        external_id = _row_external_id(row)
        if external_id is None:
            continue
        if external_id in seen:
            dupes.add(index)
        seen.add(external_id)
    return dupes


def _validate(rows: list, existing: dict, clean, report: SyncReport) -> list[tuple[int, dict]]:
    valid: list[tuple[int, dict]] = []
    dupes = _duplicates(rows)
    for index, row in enumerate(rows):
        external_id = _row_external_id(row)
        values, errors = clean(row, exists=external_id in existing)
        if index in dupes:
            errors["external_id"] = "Appears more than once in this batch."
        if errors:
            report.errors.append(RowError(index, external_id, errors))
        else:
            valid.append((index, values))
    return valid


def _apply_rows(valid: list[tuple[int, dict]], write, report: SyncReport) -> None:
    for index, values in valid:
        try:
            with transaction.atomic():  # savepoint: a failing row rolls back alone
                outcome = write(values)
        except (DatabaseError, ValidationError) as exc:
            logger.warning("shop sync row %s (%s) failed: %s", index, values.get("external_id"), exc)
            message = "; ".join(getattr(exc, "messages", [])) or "The database refused this row."
            report.errors.append(RowError(index, values.get("external_id"), {"row": message}))
            continue
        setattr(report, outcome, getattr(report, outcome) + 1)
    report.errors.sort(key=lambda error: error.index)


# --- products -------------------------------------------------------------------------------


def _product_write(values: dict, existing: dict[str, Product]) -> str:
    product = existing.get(values["external_id"])
    created = product is None
    if created:
        product = Product(external_id=values["external_id"])
    changed = created
    for name in PRODUCT_FIELDS:
        if name in values and getattr(product, name) != values[name]:
            setattr(product, name, values[name])
            changed = True
    if changed:
        product.search_text = product_search_text(
            name=product.name,
            category=product.category,
            description=product.description,
            attributes=product.attributes,
        )
        product.save()
    changed |= _price_write(product, values, created)
    changed |= _stock_write(product, values, created)
    if created:
        return "created"
    return "updated" if changed else "unchanged"


def _price_write(product: Product, values: dict, created: bool) -> bool:
    wanted = {key: values[key] for key in ("price", "regular_price", "currency") if key in values}
    price = None if created or not _has(product, "price") else product.price
    if price is None:
        if "price" not in wanted:
            return False
        Price.objects.create(product=product, **wanted)
        return True
    if all(getattr(price, key) == value for key, value in wanted.items()):
        return False
    for key, value in wanted.items():
        setattr(price, key, value)
    price.save()
    return True


def _stock_write(product: Product, values: dict, created: bool) -> bool:
    stock = None if created or not _has(product, "stock") else product.stock
    if stock is None:
        if "stock" not in values and not created:
            return False
        Stock.objects.create(product=product, quantity=values.get("stock", 0))
        return True
    if "stock" not in values or stock.quantity == values["stock"]:
        return False
    stock.quantity = values["stock"]
    stock.save()
    return True


def _has(product: Product, relation: str) -> bool:
    try:
        return getattr(product, relation) is not None
    except (Price.DoesNotExist, Stock.DoesNotExist):
        return False


@transaction.atomic
def product_bulk_sync(*, rows: list) -> SyncReport:
    """Upsert products (with price and stock) by external_id; see the module docstring."""
    if len(rows) > sync_rows.MAX_BATCH_ROWS:
        raise BatchTooLarge("products", len(rows))
    _serialize_sync("products")
    report = SyncReport(entity="products", received=len(rows))
    ids = {eid for eid in map(_row_external_id, rows) if eid}
    existing = {
        p.external_id: p for p in Product.objects.select_related("price", "stock").filter(external_id__in=ids)
    }
    valid = _validate(rows, existing, sync_rows.clean_product, report)
    _apply_rows(valid, lambda values: _product_write(values, existing), report)
    return report


def product_description_set(*, product_id: int, description: str) -> Product:
    """The description generator's write-back: description and the search text together."""
    with transaction.atomic():
        product = Product.objects.select_for_update().get(pk=product_id)
        product.description = description
        product.search_text = product_search_text(
            name=product.name,
            category=product.category,
            description=description,
            attributes=product.attributes,
        )
        product.save(update_fields=["description", "search_text", "updated_at"])
    return product


def product_search_text_rebuild() -> int:
    """Recompute search_text for every product (after rows were written around the services)."""
    count = 0
    for product in Product.objects.only("pk", "name", "category", "description", "attributes").iterator():
        text = product_search_text(
            name=product.name,
            category=product.category,
            description=product.description,
            attributes=product.attributes,
        )
        count += Product.objects.filter(pk=product.pk).exclude(search_text=text).update(search_text=text)
    return count


# --- orders ---------------------------------------------------------------------------------


def _order_items_equal(order: Order, items: list[dict]) -> bool:
    stored = [
        (i.product_external_id, i.name, i.quantity, i.unit_price) for i in order.items.all().order_by("pk")
    ]
    return stored == [(i["product_external_id"], i["name"], i["quantity"], i["unit_price"]) for i in items]


def _order_write(values: dict, existing: dict[str, Order], products: dict[str, int]) -> str:
    order = existing.get(values["external_id"])
    created = order is None
    if created:
        order = Order(external_id=values["external_id"])
    changed = created
    for name in ORDER_FIELDS:
        if name in values and getattr(order, name) != values[name]:
            setattr(order, name, values[name])
            changed = True
    if changed:
        order.save()
    if "items" in values and (created or not _order_items_equal(order, values["items"])):
        # Lines are replaced as a whole: the shop platform is the source of truth for an order.
        order.items.all().delete()
        OrderItem.objects.bulk_create(
            OrderItem(order=order, product_id=products.get(item["product_external_id"]), **item)
            for item in values["items"]
        )
        changed = True
    if created:
        return "created"
    return "updated" if changed else "unchanged"


@transaction.atomic
def order_bulk_sync(*, rows: list) -> SyncReport:
    """Upsert orders with their lines by external_id; lines link to products by external id."""
    if len(rows) > sync_rows.MAX_BATCH_ROWS:
        raise BatchTooLarge("orders", len(rows))
    _serialize_sync("orders")
    report = SyncReport(entity="orders", received=len(rows))
    ids = {eid for eid in map(_row_external_id, rows) if eid}
    existing = {o.external_id: o for o in Order.objects.filter(external_id__in=ids)}
    valid = _validate(rows, existing, sync_rows.clean_order, report)
    product_ids = {item["product_external_id"] for _i, v in valid for item in v.get("items", [])}
    products = dict(
        Product.objects.filter(external_id__in=product_ids - {""}).values_list("external_id", "pk")
    )
    _apply_rows(valid, lambda values: _order_write(values, existing, products), report)
    return report


# --- company info ---------------------------------------------------------------------------


@transaction.atomic
def company_info_sync(*, data) -> SyncReport:
    """Set the fields given (name, contact, working_hours, policies); others keep their value."""
    report = SyncReport(entity="company", received=1)
    values, errors = sync_rows.clean_company(data)
    if errors:
        report.errors.append(RowError(0, None, errors))
        return report
    info = CompanyInfo.objects.select_for_update().order_by("pk").first()
    created = info is None
    info = info or CompanyInfo()
    changed = created or any(getattr(info, key) != value for key, value in values.items())
    if changed:
        for key, value in values.items():
            setattr(info, key, value)
        info.save()
    outcome = "created" if created else "updated" if changed else "unchanged"
    setattr(report, outcome, 1)
    return report


@transaction.atomic
def company_info_update(*, name: str = "", contact: dict, working_hours: dict, policies: dict) -> CompanyInfo:
    """The owner's edit on the account page: all fields at once, validated like the sync."""
    values, errors = sync_rows.clean_company(
        {"name": name, "contact": contact, "working_hours": working_hours, "policies": policies}
    )
    if errors:
        raise ValidationError(errors)
    info = CompanyInfo.objects.select_for_update().order_by("pk").first() or CompanyInfo()
    for key, value in values.items():
        setattr(info, key, value)
    info.save()
    return info


def shop_data_import(*, payload) -> dict[str, SyncReport]:
    """The whole-shop format of import_shop: {"company": {...}, "products": [...], "orders": [...]}.

    Products go before orders so order lines can link to them. Each part is its own sync.
    """
    if not isinstance(payload, dict) or not set(payload) & {"company", "products", "orders"}:
        raise ValidationError('Expected a JSON object with "company", "products" and/or "orders".')
    unknown = set(payload) - {"company", "products", "orders"}
    if unknown:
        raise ValidationError(f"Unknown top-level keys: {', '.join(sorted(unknown))}.")
    reports: dict[str, SyncReport] = {}
    if "company" in payload:
        reports["company"] = company_info_sync(data=payload["company"])
    for entity, sync in (("products", product_bulk_sync), ("orders", order_bulk_sync)):
        if entity not in payload:
            continue
        rows = payload[entity]
        if not isinstance(rows, list):
            raise ValidationError(f'"{entity}" must be a list.')
        # A file may hold more rows than one API batch: it is synced in batches of the API's size.
        report = SyncReport(entity=entity)
        for start in range(0, len(rows), sync_rows.MAX_BATCH_ROWS):
            _merge(report, sync(rows=rows[start : start + sync_rows.MAX_BATCH_ROWS]), offset=start)
        reports[entity] = report
    return reports


def _merge(total: SyncReport, part: SyncReport, *, offset: int) -> None:
    total.received += part.received
    total.created += part.created
    total.updated += part.updated
    total.unchanged += part.unchanged
    total.errors.extend(RowError(e.index + offset, e.external_id, e.errors) for e in part.errors)
