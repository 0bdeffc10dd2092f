"""Size advisor logic (pure, no ORM): validate a size chart and recommend a size from measurements.

A chart::

    {"unit": "cm",
     "sizes": [{"size": "S", "chest": [86, 94], "waist": [71, 79]},
               {"size": "M", "chest": [94, 102], "waist": [79, 87]}]}

Each size gives a [min, max] range per body measurement (chest, waist, hips, height, foot, ...).
The recommendation is the size whose ranges the measurements fit best: all inside wins; otherwise
the smallest total distance outside the ranges, preferring the larger size on a tie (a garment a
little loose can be worn, one too tight cannot).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MEASUREMENTS = ("chest", "waist", "hips", "height", "inseam", "foot", "head", "neck")
UNITS = ("cm",)
MAX_SIZES = 30


def _range(value, where: str, errors: dict) -> list[float] | None:
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    ):
        errors[where] = _("Must be a range [min, max] of two numbers.")
        return None
    low, high = float(value[0]), float(value[1])
    if low <= 0 or high > 400 or low > high:
        errors[where] = _("Must be a range with 0 < min ≤ max ≤ 400.")
        return None
    return [low, high]


def validate_chart(chart) -> dict:
    """Clean a chart or raise ValidationError whose keys name the bad fields ("chart.sizes[0].chest")."""
    if not isinstance(chart, dict):
        raise ValidationError({"chart": _("The chart must be a JSON object with 'unit' and 'sizes'.")})
    errors: dict[str, str] = {}
    unknown = sorted(set(chart) - {"unit", "sizes"})
    if unknown:
        errors["chart"] = _("Unknown keys: %(keys)s. Allowed: %(allowed)s.") % {
            "keys": ", ".join(unknown),
            "allowed": "sizes, unit",
        }
    unit = chart.get("unit", "cm")
    if unit not in UNITS:
        errors["chart.unit"] = _("Must be 'cm'.")
    sizes = chart.get("sizes")
    if not isinstance(sizes, list) or not sizes:
        errors["chart.sizes"] = _("Must be a non-empty list of sizes.")
        sizes = []
    elif len(sizes) > MAX_SIZES:
        errors["chart.sizes"] = _("At most %(n)s sizes.") % {"n": MAX_SIZES}
    clean_sizes, names = [], set()
    for index, row in enumerate(sizes[:MAX_SIZES]):
        where = f"chart.sizes[{index}]"
        if not isinstance(row, dict):
            errors[where] = _('Must be an object like {"size": "M", "chest": [96, 104]}.')
            continue
        name = row.get("size")
        if not isinstance(name, str) or not name.strip() or len(name) > 20:
            errors[f"{where}.size"] = _("Must be a size name of 1 to 20 characters.")
            continue
        if name.strip().upper() in names:
            errors[f"{where}.size"] = _("Size '%(size)s' appears twice.") % {"size": name}
            continue
        names.add(name.strip().upper())
        clean = {"size": name.strip()}
        for key, value in row.items():
            if key == "size":
                continue
            if key not in MEASUREMENTS:
                errors[f"{where}.{key}"] = _("Unknown measurement. Use: %(values)s.") % {
                    "values": ", ".join(MEASUREMENTS)
                }
                continue
            parsed = _range(value, f"{where}.{key}", errors)
            if parsed:
                clean[key] = parsed
        if not any(key != "size" for key in row):
            errors[where] = _("Give at least one measurement range for this size.")
        clean_sizes.append(clean)
    if errors:
        raise ValidationError(errors)
    return {"unit": unit, "sizes": clean_sizes}


@dataclass(frozen=True)
class SizeAdvice:
    size: str | None
    fits_all: bool  # every given measurement is inside the size's ranges
    used: list[str]  # the measurements compared
    ignored: list[str]  # given but not in the chart
    off_by: dict  # measurement -> cm outside the range of the chosen size (+ too big body, - too small)

    def as_dict(self) -> dict:
        return {
            "size": self.size,
            "fits_all": self.fits_all,
            "used": self.used,
            "ignored": self.ignored,
            "off_by": self.off_by,
        }


def recommend(chart: dict, measurements: dict[str, float]) -> SizeAdvice:
    """The best size of a validated chart for the given body measurements (cm)."""
    given = {k: float(v) for k, v in measurements.items() if v not in (None, "") and float(v) > 0}
    in_chart = {key for row in chart["sizes"] for key in row if key != "size"}
    used = sorted(k for k in given if k in in_chart)
    ignored = sorted(k for k in given if k not in in_chart)
    if not used:
        return SizeAdvice(None, False, [], ignored, {})
    best = None
    for order, row in enumerate(chart["sizes"]):
        compared = [k for k in used if k in row]
        if not compared:
            continue
        off = {}
        for key in compared:
            low, high = row[key]
            value = given[key]
            if value < low:
                off[key] = round(value - low, 1)
            elif value > high:
                off[key] = round(value - high, 1)
        distance = sum(abs(v) for v in off.values())
        # Rank: more measurements compared, then smaller distance, then the larger size (later row).
        rank = (-len(compared), distance, -order)
        if best is None or rank < best[0]:
            best = (rank, row["size"], off)
    if best is None:
        return SizeAdvice(None, False, used, ignored, {})
    _rank, size, off = best
    return SizeAdvice(size, not off, used, ignored, off)
