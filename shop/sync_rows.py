"""Validation of sync rows (products, orders, company info). Pure: no database.

Each `clean_*` function takes one raw JSON row and returns (clean values, errors). Errors map a
field to a message; a row with any error is not written at all. Fields left out of a row for an
existing record keep their stored values (patch semantics), so an ERP can send only
{"external_id": "...", "stock": 3}; a new record needs its required fields.
"""

import re
from datetime import datetime, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

MAX_BATCH_ROWS = 1000
ORDER_STATUSES = ("paid", "refunded", "cancelled")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_url = URLValidator(schemes=["http", "https"])

Errors = dict[str, str]


class BatchTooLarge(Exception):
    def __init__(self, entity: str, rows: int):
        super().__init__(
            f"At most {MAX_BATCH_ROWS} {entity} per request; this one has {rows}. Split the batch."
        )


def batch_rows(payload, *, entity: str) -> list:
    """The list of rows of a sync payload: a bare list or {"<entity>": [...]}."""
    rows = payload.get(entity) if isinstance(payload, dict) else payload
    if not isinstance(rows, list):
        raise ValidationError({entity: f'Send a JSON list of {entity}, or an object {{"{entity}": [...]}}.'})
    if len(rows) > MAX_BATCH_ROWS:
        raise BatchTooLarge(entity, len(rows))
    return rows


def _text(row: dict, key: str, errors: Errors, out: dict, *, max_length: int, required: bool = False):
    if key not in row or row[key] is None:
        if required:
            errors[key] = "This field is required."
        elif key in row:
            out[key] = ""
        return
    value = row[key]
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        errors[key] = "Must be a text."
        return
    value = value.strip()
    if required and not value:
        errors[key] = "Must not be empty."
    elif len(value) > max_length:
        errors[key] = f"At most {max_length} characters."
    else:
        out[key] = value


def _money(value, key: str, errors: Errors, *, nullable: bool = False) -> Decimal | None:
    if value is None and nullable:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        errors[key] = "Must be a number, e.g. 19.99."
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        errors[key] = "Must be a number, e.g. 19.99."
        return None
    if not number.is_finite():
        errors[key] = "Must be a number, e.g. 19.99."
    elif number < 0:
        errors[key] = "Must not be negative."
    elif number != number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP):
        errors[key] = "At most 2 decimal places."
    elif number >= Decimal("1e10"):
        errors[key] = "Too large."
    else:
        return number.quantize(Decimal("0.01"))
    return None


def _integer(value, key: str, errors: Errors, *, minimum: int) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | str | float):
        errors[key] = "Must be a whole number."
        return None
    try:
        number = int(value) if not isinstance(value, float) or value.is_integer() else None
    except ValueError:
        number = None
    if number is None:
        errors[key] = "Must be a whole number."
    elif number < minimum:
        errors[key] = f"Must be at least {minimum}."
    elif abs(number) > 2**31 - 1:
        errors[key] = "Too large."
    else:
        return number
    return None


def _external_id(row: dict, errors: Errors, out: dict) -> None:
    _text(row, "external_id", errors, out, max_length=100, required=True)


def _attributes(value, errors: Errors) -> dict | None:
    if not isinstance(value, dict):
        errors["attributes"] = 'Must be an object, e.g. {"color": ["red"], "size": ["S", "M"]}.'
        return None
    for key, inner in value.items():
        items = inner if isinstance(inner, list) else [inner]
        if len(key) > 100 or any(
            not isinstance(item, str | int | float | bool) or isinstance(item, dict) for item in items
        ):
            errors["attributes"] = f'"{key[:100]}" must be a text, number, true/false or a list of them.'
            return None
    return value


def clean_product(row, *, exists: bool) -> tuple[dict, Errors]:
    """A product row: external_id, name, description, category, url, image_url, attributes,
    is_active, price, regular_price, currency, stock. New products need name and price."""
    errors: Errors = {}
    out: dict = {}
    if not isinstance(row, dict):
        return out, {"row": "Each product must be a JSON object."}
    _external_id(row, errors, out)
    _text(row, "name", errors, out, max_length=300, required=not exists or "name" in row)
    _text(row, "description", errors, out, max_length=20000)
    _text(row, "category", errors, out, max_length=200)
    for key in ("url", "image_url"):
        _text(row, key, errors, out, max_length=500)
        if out.get(key):
            try:
                _url(out[key])
            except ValidationError:
                errors[key] = "Must be a full http(s) URL."
    if "attributes" in row:
        attributes = _attributes(row["attributes"] if row["attributes"] is not None else {}, errors)
        if attributes is not None:
            out["attributes"] = attributes
    if "is_active" in row:
        if isinstance(row["is_active"], bool):
            out["is_active"] = row["is_active"]
        else:
            errors["is_active"] = "Must be true or false."
    if "price" in row or not exists:
        price = _money(row.get("price"), "price", errors)
        if price is not None:
            out["price"] = price
        elif "price" not in errors:
            errors["price"] = "This field is required."
    if "regular_price" in row:
        out["regular_price"] = _money(row["regular_price"], "regular_price", errors, nullable=True)
    if "currency" in row:
        currency = str(row["currency"] or "").upper()
        if _CURRENCY.match(currency):
            out["currency"] = currency
        else:
            errors["currency"] = "Use a 3-letter ISO code such as EUR."
    if "stock" in row:
        quantity = _integer(row["stock"], "stock", errors, minimum=0)
        if quantity is not None:
            out["stock"] = quantity
    return out, errors


def _datetime(value, key: str, errors: Errors) -> datetime | None:
    parsed = None
    if isinstance(value, str):
        try:
            parsed = parse_datetime(value.strip())
            if parsed is None and parse_date(value.strip()):
                parsed = datetime.combine(parse_date(value.strip()), time(0, 0))
        except ValueError:
            parsed = None
    if parsed is None:
        errors[key] = "Must be an ISO 8601 date-time, e.g. 2026-03-01T10:15:00+01:00."
        return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, ZoneInfo(settings.TIME_ZONE))
    return parsed


def clean_order_item(item, index: int, errors: Errors) -> dict | None:
    if not isinstance(item, dict):
        errors[f"items[{index}]"] = "Each item must be a JSON object."
        return None
    item_errors: Errors = {}
    out: dict = {}
    _text(item, "product_external_id", item_errors, out, max_length=100)
    _text(item, "name", item_errors, out, max_length=300)
    out.setdefault("product_external_id", "")
    out.setdefault("name", "")
    quantity = _integer(item.get("quantity", 1), "quantity", item_errors, minimum=1)
    unit_price = _money(item.get("unit_price"), "unit_price", item_errors)
    if "unit_price" not in item:
        item_errors["unit_price"] = "This field is required."
    for key, message in item_errors.items():
        errors[f"items[{index}].{key}"] = message
    if item_errors:
        return None
    return {**out, "quantity": quantity, "unit_price": unit_price}


def clean_order(row, *, exists: bool) -> tuple[dict, Errors]:
    """An order row: external_id, customer_id, total, status, created_at, items (replace all lines)."""
    errors: Errors = {}
    out: dict = {}
    if not isinstance(row, dict):
        return out, {"row": "Each order must be a JSON object."}
    _external_id(row, errors, out)
    if "customer_id" in row:
        if row["customer_id"] is None:
            out["customer_id"] = None
        else:
            customer = _integer(row["customer_id"], "customer_id", errors, minimum=0)
            if customer is not None:
                out["customer_id"] = customer
    if "total" in row or not exists:
        total = _money(row.get("total"), "total", errors)
        if total is not None:
            out["total"] = total
        elif "total" not in errors:
            errors["total"] = "This field is required."
    if "status" in row:
        if row["status"] in ORDER_STATUSES:
            out["status"] = row["status"]
        else:
            errors["status"] = f"Must be one of: {', '.join(ORDER_STATUSES)}."
    if "created_at" in row or not exists:
        if row.get("created_at") is None:
            errors["created_at"] = "This field is required."
        else:
            created = _datetime(row["created_at"], "created_at", errors)
            if created is not None:
                out["created_at"] = created
    if "items" in row:
        if not isinstance(row["items"], list):
            errors["items"] = "Must be a list of order lines."
        elif len(row["items"]) > 500:
            errors["items"] = "At most 500 lines per order."
        else:
            items = [clean_order_item(item, i, errors) for i, item in enumerate(row["items"])]
            out["items"] = [item for item in items if item is not None]
    return out, errors


def _working_hours(value, errors: Errors) -> dict | None:
    if not isinstance(value, dict):
        errors["working_hours"] = 'Must be an object such as {"mon": [["09:00", "17:00"]], "sun": []}.'
        return None
    for key, spans in value.items():
        if key in WEEKDAYS:
            if not isinstance(spans, list) or any(
                not isinstance(span, list)
                or len(span) != 2
                or not all(isinstance(t, str) and _HHMM.match(t) for t in span)
                or span[0] >= span[1]
                for span in spans
            ):
                errors["working_hours"] = f'{key}: use a list of ["HH:MM", "HH:MM"] pairs, opening first.'
                return None
        elif key == "closed_dates":
            if not isinstance(spans, list) or any(not isinstance(d, str) or not _iso_date(d) for d in spans):
                errors["working_hours"] = "closed_dates: use a list of YYYY-MM-DD dates."
                return None
        elif key == "timezone":
            try:
                ZoneInfo(str(spans))
            except (ZoneInfoNotFoundError, ValueError):
                errors["working_hours"] = f'timezone: unknown time zone "{spans}".'
                return None
        else:
            errors["working_hours"] = f'Unknown key "{key}": use mon…sun, closed_dates and timezone.'
            return None
    return value


def _iso_date(text: str) -> bool:
    try:
        return parse_date(text) is not None
    except ValueError:
        return False


def clean_company(data) -> tuple[dict, Errors]:
    """Company info: name, contact {email, phone, address, website}, working_hours, policies."""
    errors: Errors = {}
    out: dict = {}
    if not isinstance(data, dict):
        return out, {"company": "Company info must be a JSON object."}
    unknown = set(data) - {"name", "contact", "working_hours", "policies"}
    if unknown:
        errors["company"] = f"Unknown fields: {', '.join(sorted(unknown))}."
    _text(data, "name", errors, out, max_length=200)
    for key in ("contact", "policies"):
        if key in data:
            if isinstance(data[key], dict):
                out[key] = data[key]
            else:
                errors[key] = "Must be a JSON object."
    if "working_hours" in data:
        hours = _working_hours(data["working_hours"], errors)
        if hours is not None:
            out["working_hours"] = hours
    return out, errors
