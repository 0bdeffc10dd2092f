"""Product search latency over 10,000 products: p50/p95 of ~200 varied queries.

    DATABASE_URL=postgres://... .venv/bin/python bench/search.py

Creates a throwaway account, loads 10,000 generated products with Slovenian names and English
attributes through the sync service (1,000 per batch, as the API would), runs the queries
through shop.selectors.product_search, prints the numbers and drops the account.
"""

import random
import secrets
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import django_setup, percentile  # noqa: E402

PRODUCTS = 10_000
QUERIES = 200

TYPES = [
    ("majica", "T-shirt"),
    ("hlače", "trousers"),
    ("jakna", "jacket"),
    ("pulover", "sweater"),
    ("obleka", "dress"),
    ("krilo", "skirt"),
    ("nogavice", "socks"),
    ("kapa", "hat"),
    ("šal", "scarf"),
    ("rokavice", "gloves"),
    ("copati", "slippers"),
    ("čevlji", "shoes"),
    ("torba", "bag"),
    ("nahrbtnik", "backpack"),
    ("srajca", "shirt"),
    ("bluza", "blouse"),
    ("trenirka", "tracksuit"),
    ("kopalke", "swimsuit"),
    ("pižama", "pyjamas"),
    ("plašč", "coat"),
]
COLOURS = [
    ("rdeča", "red"),
    ("modra", "blue"),
    ("zelena", "green"),
    ("črna", "black"),
    ("bela", "white"),
    ("siva", "grey"),
    ("rumena", "yellow"),
    ("roza", "pink"),
    ("rjava", "brown"),
    ("oranžna", "orange"),
]
MATERIALS = [
    ("bombaž", "cotton"),
    ("volna", "wool"),
    ("lan", "linen"),
    ("poliester", "polyester"),
    ("usnje", "leather"),
    ("svila", "silk"),
    ("flis", "fleece"),
    ("denim", "denim"),
]
STYLES = ["športna", "elegantna", "klasična", "otroška", "ženska", "moška", "zimska", "poletna", "udobna"]
SIZES = ["XS", "S", "M", "L", "XL", "XXL"]
SENTENCES = [
    "Odlična izbira za vsak dan.",
    "Izdelano v Sloveniji.",
    "Pralno na 30 stopinj.",
    "Lepo se poda k kavbojkam.",
    "Primerno za prosti čas in delo.",
    "Mehak in zračen material.",
    "Ob nakupu nad 50 EUR je dostava brezplačna.",
    "Klasičen kroj, ki ne gre iz mode.",
]


def product_rows(rng: random.Random) -> list[dict]:
    rows = []
    for n in range(PRODUCTS):
        kind, kind_en = rng.choice(TYPES)
        colour, colour_en = rng.choice(COLOURS)
        material, material_en = rng.choice(MATERIALS)
        style = rng.choice(STYLES)
        price = rng.randint(500, 20000) / 100
        rows.append(
            {
                "external_id": f"B-{n}",
                "name": f"{kind.capitalize()} {style} {colour} ({material}) {n % 97}",
                "category": kind_en,
                "description": " ".join(rng.sample(SENTENCES, 3))
                + f" {kind.capitalize()} iz materiala {material}.",
                "attributes": {
                    "color": [colour_en, colour],
                    "material": [material_en, material],
                    "size": sorted(rng.sample(SIZES, rng.randint(1, 4))),
                    "type": kind_en,
                },
                "price": f"{price:.2f}",
                "regular_price": f"{price * 1.2:.2f}" if rng.random() < 0.2 else None,
                "stock": rng.choice([0, 0, 1, 3, 5, 10, 25, 100]),
            }
        )
    return rows


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1 :]


def queries(rng: random.Random) -> list[str]:
    from shop.search import normalize

    out = []
    for i in range(QUERIES):
        kind, kind_en = rng.choice(TYPES)
        colour, colour_en = rng.choice(COLOURS)
        material, material_en = rng.choice(MATERIALS)
        shape = i % 8
        if shape == 0:
            out.append(kind)
        elif shape == 1:
            out.append(_typo(normalize(kind), rng))  # "majca"
        elif shape == 2:
            out.append(f"{normalize(colour)} {normalize(kind)}")  # "rdeca majica"
        elif shape == 3:
            out.append(f"{colour_en} {material_en}")  # "red cotton"
        elif shape == 4:
            out.append(f"ali imate {colour} {kind} velikosti {rng.choice(SIZES)}?")
        elif shape == 5:
            out.append(f"{kind_en} {colour_en}")
        elif shape == 6:
            out.append(f"{_typo(normalize(material), rng)} {kind}")
        else:
            out.append(rng.choice(["kavni aparat", "darilni bon", "xyzzy", "poletna obleka iz lanu"]))
    return out


def main() -> None:
    django_setup()
    from django.db import connection
    from django_tenants.utils import tenant_context

    from accounts.services import account_create, account_delete
    from shop.selectors import product_search
    from shop.services import product_bulk_sync

    rng = random.Random(42)
    slug = f"bench_search_{secrets.token_hex(3)}"
    account = account_create(slug=slug, name="Bench search", tier="enterprise").account
    try:
        rows = product_rows(rng)
        with tenant_context(account):
            started = time.perf_counter()
            for start in range(0, len(rows), 1000):
                report = product_bulk_sync(rows=rows[start : start + 1000])
                assert report.failed == 0, report.errors[:3]
            load_s = time.perf_counter() - started
            started = time.perf_counter()
            resync = product_bulk_sync(rows=rows[:1000])
            resync_s = time.perf_counter() - started
            # What autovacuum does soon after a bulk load: planner statistics, GIN pending lists merged.
            with connection.cursor() as cursor:
                for table in ("shop_product", "shop_price", "shop_stock"):
                    cursor.execute(f"VACUUM ANALYZE {table}")
            for query in ["majica", "red cotton"]:  # warm the caches
                product_search(query=query)
            timings, hits = [], []
            for query in queries(rng):
                started = time.perf_counter()
                result = product_search(query=query, limit=10)
                timings.append((time.perf_counter() - started) * 1000)
                hits.append(len(result))
            with connection.cursor() as cursor:
                cursor.execute("SET enable_seqscan = off")
                cursor.execute(
                    "EXPLAIN SELECT 1 FROM shop_product p WHERE p.search_vector @@ 'majica'::tsquery"
                )
                fts_plan = " ".join(row[0] for row in cursor.fetchall())
                cursor.execute("RESET enable_seqscan")
        print(
            f"products loaded: {PRODUCTS} in {load_s:.1f} s via product_bulk_sync ({PRODUCTS / load_s:.0f} rows/s)"
        )
        print(f"re-sync of 1,000 unchanged rows: {resync_s:.2f} s ({resync.unchanged} unchanged)")
        print(
            f"queries: {len(timings)}, mean hits {sum(hits) / len(hits):.1f}, empty results {hits.count(0)}"
        )
        print(
            f"product_search ms: p50 {percentile(timings, 50):.1f}  p95 {percentile(timings, 95):.1f}"
            f"  p99 {percentile(timings, 99):.1f}  max {max(timings):.1f}"
        )
        print(f"full-text index used: {'product_search_fts' in fts_plan}")
    finally:
        account_delete(account=account)


if __name__ == "__main__":
    main()
