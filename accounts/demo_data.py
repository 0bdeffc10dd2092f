"""The demo shop's data, generated deterministically and without the database.

Everything comes from `random.Random(seed)` (orders from one generator per calendar day), so the
same seed always yields the same catalog and the same orders for a given day: re-running the seed
finds every row already there. The ORM writer is `accounts.demo`.
"""

import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

DEMO_SLUG = "demo"
DEMO_NAME = "Trgovina Demo"
DEMO_OWNER_EMAIL = "owner@demo.localhost"
# Fixed development passwords so the README can name them; `seed_demo` prints them too.
DEMO_OWNER_PASSWORD = "demo-owner-2026"
DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "demo-admin-2026"
DEMO_SEED = 2026
SHOP_TZ = ZoneInfo("Europe/Ljubljana")
SHOP_URL = "https://trgovina-demo.si"

# English key -> Slovenian adjective forms: (masc. sg., fem. sg., neut. sg., masc. pl., fem. pl.).
COLORS: dict[str, tuple[str, str, str, str, str]] = {
    "red": ("rdeč", "rdeča", "rdeče", "rdeči", "rdeče"),
    "blue": ("moder", "modra", "modro", "modri", "modre"),
    "black": ("črn", "črna", "črno", "črni", "črne"),
    "white": ("bel", "bela", "belo", "beli", "bele"),
    "green": ("zelen", "zelena", "zeleno", "zeleni", "zelene"),
    "yellow": ("rumen", "rumena", "rumeno", "rumeni", "rumene"),
    "grey": ("siv", "siva", "sivo", "sivi", "sive"),
    "navy": ("temno moder", "temno modra", "temno modro", "temno modri", "temno modre"),
    "brown": ("rjav", "rjava", "rjavo", "rjavi", "rjave"),
    "beige": ("bež", "bež", "bež", "bež", "bež"),
    "pink": ("roza", "roza", "roza", "roza", "roza"),
    "orange": ("oranžen", "oranžna", "oranžno", "oranžni", "oranžne"),
}
_GENDER_INDEX = {"m": 0, "f": 1, "n": 2, "mpl": 3, "fpl": 4}

MATERIALS_SL = {
    "cotton": "bombaž",
    "wool": "volna",
    "polyester": "poliester",
    "linen": "lan",
    "leather": "usnje",
    "denim": "jeans",
    "fleece": "flis",
    "merino wool": "merino volna",
    "canvas": "platno",
    "nylon": "najlon",
}

LINES = ["Basic", "Classic", "Sport", "Urban", "Alpina", "Soča", "Triglav", "Bled", "Piran", "Kras"]
LINES += ["Pohorje", "Lipa", "Savinja", "Vintage", "Comfort", "Trail"]

LETTER_SIZES = ["XS", "S", "M", "L", "XL", "XXL"]


@dataclass(frozen=True)
class Category:
    """One kind of product: its Slovenian noun and grammatical gender, English type, options."""

    slug: str
    name_sl: str  # category title shown in the shop
    noun: str  # as it appears in a product name
    gender: str  # key of _GENDER_INDEX
    type_en: str
    weight: int  # share of the catalog
    price_range: tuple[int, int]
    sizes: tuple[str, ...]
    materials: tuple[str, ...]
    uses: tuple[str, ...]
    colors: tuple[str, ...] = tuple(COLORS)


# fmt: off
CATEGORIES: list[Category] = [
    Category("majice", "Majice", "majica", "f", "t-shirt", 40, (9, 29), tuple(LETTER_SIZES),
             ("cotton", "polyester"), ("everyday", "sport")),
    Category("hlace", "Hlače", "hlače", "fpl", "trousers", 30, (29, 89), ("S", "M", "L", "XL", "XXL"),
             ("denim", "cotton", "linen"), ("everyday", "work", "outdoor")),
    Category("jakne", "Jakne", "jakna", "f", "jacket", 28, (49, 219), ("S", "M", "L", "XL", "XXL"),
             ("polyester", "nylon", "leather", "fleece"), ("winter", "outdoor", "rain")),
    Category("cevlji", "Čevlji", "čevlji", "mpl", "shoes", 30, (39, 159),
             ("37", "38", "39", "40", "41", "42", "43", "44", "45"),
             ("leather", "canvas", "nylon"), ("everyday", "sport", "hiking", "formal"),
             ("black", "brown", "white", "grey", "blue", "red", "beige", "navy")),
    Category("nogavice", "Nogavice", "nogavice", "fpl", "socks", 24, (4, 15), ("35-38", "39-42", "43-46"),
             ("cotton", "merino wool", "wool"), ("everyday", "sport", "hiking", "winter")),
    Category("kape", "Kape", "kapa", "f", "hat", 22, (12, 35), ("one size",),
             ("wool", "cotton", "fleece"), ("winter", "sport", "everyday")),
    Category("torbe", "Torbe", "torba", "f", "bag", 22, (19, 129), ("one size",),
             ("leather", "canvas", "nylon"), ("everyday", "travel", "work")),
    Category("puloverji", "Puloverji", "pulover", "m", "sweater", 24, (29, 99), tuple(LETTER_SIZES),
             ("wool", "cotton", "merino wool"), ("everyday", "winter")),
    Category("srajce", "Srajce", "srajca", "f", "shirt", 20, (25, 69), ("S", "M", "L", "XL", "XXL"),
             ("cotton", "linen"), ("formal", "everyday", "work")),
    Category("obleke", "Obleke", "obleka", "f", "dress", 18, (35, 129), ("XS", "S", "M", "L", "XL"),
             ("cotton", "linen", "polyester"), ("everyday", "formal", "summer")),
    Category("krila", "Krila", "krilo", "n", "skirt", 12, (22, 69), ("XS", "S", "M", "L", "XL"),
             ("cotton", "denim", "linen"), ("everyday", "summer")),
    Category("sali", "Šali", "šal", "m", "scarf", 10, (12, 45), ("one size",),
             ("wool", "merino wool", "cotton"), ("winter", "everyday")),
    Category("rokavice", "Rokavice", "rokavice", "fpl", "gloves", 10, (9, 49), ("S", "M", "L", "XL"),
             ("wool", "leather", "fleece"), ("winter", "outdoor")),
    Category("pasovi", "Pasovi", "pas", "m", "belt", 10, (15, 49), ("85", "90", "95", "100", "105"),
             ("leather", "canvas"), ("everyday", "formal"), ("black", "brown", "beige", "navy")),
]
# fmt: on

USES_SL = {
    "everyday": "za vsak dan",
    "sport": "za šport in rekreacijo",
    "work": "za delo",
    "outdoor": "za aktivnosti na prostem",
    "winter": "za hladne zimske dni",
    "rain": "za deževno vreme",
    "hiking": "za pohodništvo",
    "formal": "za posebne priložnosti",
    "travel": "za potovanja",
    "summer": "za vroče poletne dni",
}


@dataclass
class DemoProduct:
    external_id: str
    name: str
    description: str
    attributes: dict
    category: str
    url: str
    price: Decimal
    regular_price: Decimal | None
    stock: int
    popularity: float = field(default=1.0, repr=False)


@dataclass
class DemoOrderItem:
    product_external_id: str
    name: str
    quantity: int
    unit_price: Decimal


@dataclass
class DemoOrder:
    external_id: str
    customer_id: int | None
    created_at: datetime
    status: str
    items: list[DemoOrderItem]

    @property
    def total(self) -> Decimal:
        return sum((item.unit_price * item.quantity for item in self.items), Decimal("0.00"))


def _money(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _shop_price(rng: random.Random, low: int, high: int) -> Decimal:
    # Shop prices end in ,99 or ,90 or ,49 — like a real catalog.
    return _money(rng.randint(low, high) + rng.choice([0.99, 0.99, 0.90, 0.49]) - 1)


def _slugify(text: str) -> str:
    table = str.maketrans({"č": "c", "š": "s", "ž": "z", "Č": "c", "Š": "s", "Ž": "z"})
    return "-".join(text.translate(table).lower().split())


def _category_counts(total: int) -> list[int]:
    weights = sum(c.weight for c in CATEGORIES)
    counts = [total * c.weight // weights for c in CATEGORIES]
    for index in range(total - sum(counts)):
        counts[index % len(counts)] += 1
    return counts


def _description(rng: random.Random, cat: Category, name: str, material: str, use: str, sizes) -> str:
    material_sl = MATERIALS_SL[material]
    size_text = ", ".join(sizes) if sizes != ("one size",) else "ena velikost"
    sentences = [
        f"{name} – material: {material_sl}. Primerno {USES_SL[use]}.",
        f"Na voljo v velikostih: {size_text}.",
        rng.choice(
            [
                "Udoben kroj in trpežna izdelava.",
                "Izdelano v Sloveniji.",
                "Pranje na 30 °C, ne sušite v sušilnem stroju.",
                "Priljubljena izbira naših strank.",
                "Lahka in zračna, idealna za vsakodnevno nošenje.",
            ]
        ),
    ]
    return " ".join(sentences)


def catalog(*, seed: int = DEMO_SEED, products: int = 300) -> list[DemoProduct]:
    """The product catalog. The first products are red T-shirts in M (the chat demo's question)."""
    rng = random.Random(seed)
    result: list[DemoProduct] = []
    number = 0
    for cat, count in zip(CATEGORIES, _category_counts(products), strict=True):
        combos = [(color, line) for line in LINES for color in cat.colors]
        rng.shuffle(combos)
        if cat.slug == "majice":
            # "Ali imate rdeče majice v velikosti M?" must have answers, in stock.
            reds = [c for c in combos if c[0] == "red"][:3]
            combos = reds + [c for c in combos if c not in reds]
        for index, (color, line) in enumerate(combos[:count]):
            number += 1
            forms = COLORS[color]
            adjective = forms[_GENDER_INDEX[cat.gender]]
            name = f"{adjective.capitalize()} {cat.noun} {line}"
            material = rng.choice(cat.materials)
            use = rng.choice(cat.uses)
            if len(cat.sizes) > 3:
                start = rng.randint(0, 1)
                sizes = tuple(cat.sizes[start : start + rng.randint(len(cat.sizes) - 2, len(cat.sizes))])
                if "M" in cat.sizes and "M" not in sizes:
                    sizes = tuple(s for s in cat.sizes if s in sizes or s == "M")
            else:
                sizes = cat.sizes
            forced_red_tee = cat.slug == "majice" and index < 3
            price = _shop_price(rng, *cat.price_range)
            regular = None
            if rng.random() < 0.2:  # on sale: 10–40 % off
                regular, price = price, _money(float(price) * (1 - rng.choice([0.1, 0.15, 0.2, 0.3, 0.4])))
            stock = 0 if (not forced_red_tee and rng.random() < 0.08) else rng.randint(1, 80)
            description = (
                ""
                if (not forced_red_tee and rng.random() < 0.15)
                else (_description(rng, cat, name, material, use, sizes))
            )
            attributes = {
                "type": cat.type_en,
                "size": list(sizes),
                "color": [color],
                "color_sl": forms[1],
                "material": material,
                "use": use,
                "gender": rng.choice(["women", "men", "unisex"]),
            }
            external_id = f"DEMO-{number:04d}"
            result.append(
                DemoProduct(
                    external_id=external_id,
                    name=name,
                    description=description,
                    attributes=attributes,
                    category=cat.name_sl,
                    url=f"{SHOP_URL}/izdelek/{_slugify(name)}-{number}",
                    price=price,
                    regular_price=regular,
                    stock=stock,
                    # A few bestsellers, a long tail (Zipf-like), as in every shop's top-products list.
                    popularity=1.0 / (1 + rng.random() * 30) ** 1.2,
                )
            )
    return result


# Orders per weekday relative to Monday: Friday and Saturday busiest, Sunday quiet.
WEEKDAY_FACTOR = {0: 1.0, 1: 0.95, 2: 1.0, 3: 1.1, 4: 1.45, 5: 1.6, 6: 0.55}
# Season: a summer lull, November (Black Friday) and December (gifts) peaks.
MONTH_FACTOR = {1: 0.85, 2: 0.8, 3: 0.95, 4: 1.0, 5: 1.0, 6: 0.9, 7: 0.8, 8: 0.8, 9: 1.0, 10: 1.05}
MONTH_FACTOR |= {11: 1.35, 12: 1.5}
BASE_ORDERS_PER_DAY = 14
CUSTOMERS = 2500


def orders_for_day(
    *, day: date, products: list[DemoProduct], seed: int = DEMO_SEED, growth: float = 1.0
) -> list[DemoOrder]:
    """One day's orders: a generator per day keeps each day stable however long the range is."""
    if not products:
        return []
    rng = random.Random(f"{seed}:{day.isoformat()}")
    expected = BASE_ORDERS_PER_DAY * WEEKDAY_FACTOR[day.weekday()] * MONTH_FACTOR[day.month] * growth
    count = max(0, round(rng.gauss(expected, math.sqrt(expected))))
    weights = [p.popularity for p in products]
    orders = []
    for number in range(1, count + 1):
        # Evening shopping peak: most orders between 10:00 and 22:00 shop time.
        hour = min(23, max(0, round(rng.triangular(6, 23.5, 20))))
        moment = datetime.combine(day, time(hour, rng.randint(0, 59), rng.randint(0, 59)), tzinfo=SHOP_TZ)
        lines = rng.choices([1, 2, 3, 4], weights=[55, 28, 12, 5])[0]
        chosen = {p.external_id: p for p in rng.choices(products, weights=weights, k=lines)}
        items = [
            DemoOrderItem(
                product_external_id=p.external_id,
                name=p.name,
                quantity=rng.choices([1, 2, 3], weights=[85, 12, 3])[0],
                unit_price=p.price,
            )
            for p in chosen.values()
        ]
        roll = rng.random()
        status = "refunded" if roll < 0.02 else "cancelled" if roll < 0.035 else "paid"
        # Repeat customers: a small core buys often; about one order in ten is a guest checkout.
        customer = None if rng.random() < 0.1 else int(CUSTOMERS * rng.random() ** 2) + 1
        orders.append(
            DemoOrder(
                external_id=f"DEMO-{day:%Y%m%d}-{number:03d}",
                customer_id=customer,
                created_at=moment,
                status=status,
                items=items,
            )
        )
    return orders


def order_history(
    *, products: list[DemoProduct], months: int = 12, now: datetime, seed: int = DEMO_SEED
) -> list[DemoOrder]:
    """Orders of the last `months` months up to `now` (nothing in the future), slowly growing."""
    today = now.astimezone(SHOP_TZ).date()
    days = round(months * 365.25 / 12)
    start = today - timedelta(days=days - 1)
    result = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        # A growing shop: a year ago about 70 % of today's volume.
        growth = 0.7 + 0.3 * offset / max(1, days - 1)
        result.extend(
            o
            for o in orders_for_day(day=day, products=products, seed=seed, growth=growth)
            if o.created_at <= now
        )
    return result


def company_info() -> dict:
    return {
        "name": DEMO_NAME,
        "contact": {
            "email": "info@trgovina-demo.si",
            "phone": "+386 1 234 56 78",
            "address": "Slovenska cesta 1, 1000 Ljubljana, Slovenija",
            "website": SHOP_URL,
        },
        "working_hours": {
            "mon": [["09:00", "17:00"]],
            "tue": [["09:00", "17:00"]],
            "wed": [["09:00", "17:00"]],
            "thu": [["09:00", "19:00"]],
            "fri": [["09:00", "17:00"]],
            "sat": [["09:00", "13:00"]],
            "sun": [],
            "closed_dates": [
                "2026-01-01",
                "2026-02-08",
                "2026-04-06",
                "2026-12-25",
                "2026-12-26",
                "2027-01-01",
            ],
            "timezone": "Europe/Ljubljana",
        },
        "policies": {
            "shipping": {
                "sl": "Pošiljamo s Pošto Slovenije in GLS. Dostava v 1–3 delovnih dneh stane 3,90 €, "
                "nad 50 € je brezplačna. Osebni prevzem v trgovini je brezplačen.",
                "en": "We ship with Pošta Slovenije and GLS. Delivery in 1–3 working days costs €3.90 "
                "and is free over €50. Pick-up in the shop is free.",
            },
            "returns": {
                "sl": "Neobrabljene izdelke z etiketo lahko vrnete v 30 dneh od prejema. Stroške "
                "vračila krije kupec, kupnino vrnemo v 14 dneh.",
                "en": "Unworn items with their tags can be returned within 30 days of delivery. The "
                "buyer pays for the return; we refund within 14 days.",
            },
            "payment": {
                "sl": "Plačilo s kartico, PayPal, po predračunu ali po povzetju (dodatnih 1,50 €).",
                "en": "Pay by card, PayPal, bank transfer or cash on delivery (€1.50 extra).",
            },
            "warranty": {
                "sl": "Za vse izdelke velja zakonska garancija 1 leto; za čevlje in jakne 2 leti.",
                "en": "All products carry the statutory 1-year warranty; shoes and jackets 2 years.",
            },
        },
    }
