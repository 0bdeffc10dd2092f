"""Price calculator formulas (pure, no ORM): validate a rule's params and quote from them.

A rule's params::

    {"unit": "m2" | "piece",          # m2: the price is per square metre of width × height
     "unit_price": "24.90",           # per m² or per piece, in the shop's currency
     "minimum_charge": "30.00",       # optional: no quote below this
     "setup_fee": "5.00",             # optional: added once per order
     "min_quantity": 1,               # optional: fewer pieces are refused
     "max_quantity": 1000,            # optional
     "tiers": [{"min_quantity": 10, "discount_percent": 5}, ...]}   # optional, by pieces

Money is Decimal throughout and rounded half-up to cents at the end, once.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

UNITS = ("m2", "piece")
CENT = Decimal("0.01")
_KEYS = {"unit", "unit_price", "minimum_charge", "setup_fee", "min_quantity", "max_quantity", "tiers"}


def _money(params: dict, key: str, errors: dict, *, required: bool = False) -> Decimal | None:
    value = params.get(key)
    if value in (None, ""):
        if required:
            errors[key] = _("This field is required.")
        return None
    if isinstance(value, bool):
        errors[key] = _("Must be an amount, e.g. 24.90.")
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        errors[key] = _("Must be an amount, e.g. 24.90.")
        return None
    if not amount.is_finite() or amount < 0 or amount > Decimal("1000000"):
        errors[key] = _("Must be an amount between 0 and 1000000.")
        return None
    return amount


def _count(params: dict, key: str, errors: dict) -> int | None:
    value = params.get(key)
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        errors[key] = _("Must be a whole number of at least 1.")
        return None
    return value


def validate_params(params) -> dict:
    """Clean params or raise ValidationError whose keys name the bad fields ("params.tiers[1]...")."""
    if not isinstance(params, dict):
        raise ValidationError({"params": _("Parameters must be a JSON object.")})
    errors: dict[str, str] = {}
    unknown = sorted(set(params) - _KEYS)
    if unknown:
        errors["params"] = _("Unknown keys: %(keys)s. Allowed: %(allowed)s.") % {
            "keys": ", ".join(unknown),
            "allowed": ", ".join(sorted(_KEYS)),
        }
    unit = params.get("unit", "piece")
    if unit not in UNITS:
        errors["unit"] = _("Must be one of: %(values)s.") % {"values": ", ".join(UNITS)}
    unit_price = _money(params, "unit_price", errors, required=True)
    minimum = _money(params, "minimum_charge", errors)
    setup = _money(params, "setup_fee", errors)
    low, high = _count(params, "min_quantity", errors), _count(params, "max_quantity", errors)
    if low and high and low > high:
        errors["max_quantity"] = _("Must not be below min_quantity.")
    tiers = params.get("tiers") or []
    clean_tiers = []
    if not isinstance(tiers, list):
        errors["tiers"] = _("Must be a list of {min_quantity, discount_percent}.")
        tiers = []
    for index, tier in enumerate(tiers):
        where = f"tiers[{index}]"
        if not isinstance(tier, dict):
            errors[where] = _("Must be an object {min_quantity, discount_percent}.")
            continue
        quantity = tier.get("min_quantity")
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
            errors[f"{where}.min_quantity"] = _("Must be a whole number of at least 1.")
            continue
        try:
            percent = Decimal(str(tier.get("discount_percent")))
        except InvalidOperation:
            percent = Decimal(-1)
        if isinstance(tier.get("discount_percent"), bool) or not (0 <= percent < 100):
            errors[f"{where}.discount_percent"] = _("Must be a number from 0 to below 100.")
            continue
        clean_tiers.append({"min_quantity": quantity, "discount_percent": str(percent)})
    quantities = [t["min_quantity"] for t in clean_tiers]
    if len(set(quantities)) != len(quantities):
        errors["tiers"] = _("Two tiers start at the same quantity.")
    if errors:
        raise ValidationError({f"params.{k}" if k != "params" else k: v for k, v in errors.items()})
    clean = {"unit": unit, "unit_price": str(unit_price)}
    for key, value in (("minimum_charge", minimum), ("setup_fee", setup)):
        if value is not None:
            clean[key] = str(value)
    for key, value in (("min_quantity", low), ("max_quantity", high)):
        if value is not None:
            clean[key] = value
    if clean_tiers:
        clean["tiers"] = sorted(clean_tiers, key=lambda t: t["min_quantity"])
    return clean


@dataclass(frozen=True)
class Quote:
    quantity: int
    area_m2: Decimal | None  # per piece, for m² rules
    billable_units: Decimal  # m² in total, or pieces
    unit_price: Decimal
    discount_percent: Decimal
    setup_fee: Decimal
    subtotal: Decimal  # before the minimum charge
    total: Decimal
    minimum_applied: bool

    def as_dict(self) -> dict:
        return {
            "quantity": self.quantity,
            "area_m2": None if self.area_m2 is None else str(self.area_m2),
            "billable_units": str(self.billable_units),
            "unit_price": str(self.unit_price),
            "discount_percent": str(self.discount_percent.normalize()),
            "setup_fee": str(self.setup_fee),
            "subtotal": str(self.subtotal),
            "total": str(self.total),
            "minimum_applied": self.minimum_applied,
        }


def _dimension(value, name: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError):
        raise ValidationError({name: _("Must be a number of centimetres.")}) from None
    if not number.is_finite() or number <= 0 or number > 100000:
        raise ValidationError({name: _("Must be between 0 and 100000 cm.")})
    return number


def quote(params: dict, *, quantity: int = 1, width_cm=None, height_cm=None) -> Quote:
    """The price of `quantity` pieces (each width × height for m² rules) under validated params."""
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
        raise ValidationError({"quantity": _("Must be a whole number of at least 1.")})
    if params.get("min_quantity") and quantity < params["min_quantity"]:
        raise ValidationError(
            {"quantity": _("The minimum order is %(n)s pieces.") % {"n": params["min_quantity"]}}
        )
    if params.get("max_quantity") and quantity > params["max_quantity"]:
        raise ValidationError(
            {"quantity": _("The maximum per quote is %(n)s pieces.") % {"n": params["max_quantity"]}}
        )
    unit_price = Decimal(params["unit_price"])
    area = None
    if params.get("unit") == "m2":
        if width_cm in (None, "") or height_cm in (None, ""):
            raise ValidationError({"width_cm": _("Width and height (cm) are needed for a price per m².")})
        area = _dimension(width_cm, "width_cm") * _dimension(height_cm, "height_cm") / Decimal(10000)
        billable = area * quantity
    else:
        billable = Decimal(quantity)
    discount = Decimal(0)
    for tier in params.get("tiers") or []:
        if quantity >= tier["min_quantity"]:
            discount = Decimal(tier["discount_percent"])
    setup = Decimal(params.get("setup_fee") or 0)
    subtotal = (billable * unit_price * (100 - discount) / 100 + setup).quantize(CENT, ROUND_HALF_UP)
    minimum = Decimal(params.get("minimum_charge") or 0)
    total = max(subtotal, minimum.quantize(CENT, ROUND_HALF_UP))
    return Quote(
        quantity=quantity,
        area_m2=None if area is None else area.quantize(Decimal("0.0001"), ROUND_HALF_UP).normalize(),
        billable_units=billable.quantize(Decimal("0.0001"), ROUND_HALF_UP).normalize(),
        unit_price=unit_price,
        discount_percent=discount,
        setup_fee=setup,
        subtotal=subtotal,
        total=total,
        minimum_applied=total > subtotal,
    )
