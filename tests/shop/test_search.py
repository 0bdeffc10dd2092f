from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shop.selectors import product_search
from shop.services import product_bulk_sync
from tests.shop.factories import CATALOG


@pytest.fixture
def catalog(tenant_a, in_tenant):
    with in_tenant(tenant_a):
        report = product_bulk_sync(rows=[dict(row) for row in CATALOG])
        assert report.failed == 0
        yield


def names(hits):
    return [hit.name for hit in hits]


def test_typo_majca_finds_majica(catalog):
    assert set(names(product_search(query="majca")[:2])) == {"Rdeča majica", "Modra majica"}


def test_ascii_rdeca_finds_rdeca_with_caron(catalog):
    assert names(product_search(query="rdeca majica"))[0] == "Rdeča majica"


def test_english_attribute_words_match(catalog):
    assert "Volnena jakna" in names(product_search(query="wool"))
    assert names(product_search(query="red cotton"))[0] in {"Rdeča majica", "Nogavice črtaste"}


def test_inflected_slovenian_word_matches_by_stem(catalog):
    assert names(product_search(query="rdeče majice"))[0] == "Rdeča majica"


def test_name_match_ranks_above_description_mention(catalog):
    ranked = names(product_search(query="majica", limit=5))
    assert ranked.index("Hlače chino") > ranked.index("Modra majica")


def test_hit_carries_price_stock_and_attributes(catalog):
    hit = product_search(query="rdeca majica", limit=1)[0]
    assert (hit.external_id, hit.price, hit.regular_price, hit.currency) == (
        "TS-RED",
        Decimal("19.90"),
        Decimal("24.90"),
        "EUR",
    )
    assert hit.stock_quantity == 12 and hit.in_stock and hit.on_sale
    assert hit.attributes["material"] == "cotton"
    assert 0 < hit.score <= 1


def test_in_stock_only_drops_sold_out(catalog):
    assert "Modra majica" not in names(product_search(query="majica", in_stock_only=True))


def test_attribute_and_price_filters(catalog):
    hits = product_search(query="", filters={"color": "RED", "max_price": 10})
    assert names(hits) == ["Nogavice črtaste"]


def test_unrelated_query_finds_nothing(catalog):
    assert product_search(query="kavni aparat") == []


def test_search_reads_products_prices_and_stock_in_one_query(catalog):
    with CaptureQueriesContext(connection) as captured:
        hits = product_search(query="majca rdeca", limit=10)
    assert len(hits) >= 2
    assert len([q for q in captured.captured_queries if "shop_" in q["sql"]]) == 1


def test_typo_in_a_longer_word_is_tolerated(catalog):
    assert names(product_search(query="nogavce"))[0] == "Nogavice črtaste"


def test_correct_word_does_not_pull_in_lookalikes(tenant_a, in_tenant):
    with in_tenant(tenant_a):
        product_bulk_sync(
            rows=[
                {"external_id": "A", "name": "Modra kapa", "price": "5.00"},
                {"external_id": "B", "name": "Moda torba", "price": "5.00"},
            ]
        )
        assert names(product_search(query="modra")) == ["Modra kapa"]


def test_products_written_without_the_services_are_searchable(tenant_a, in_tenant):
    from shop.models import Product

    with in_tenant(tenant_a):
        Product.objects.create(external_id="RAW", name="Beta Lamp", search_text="beta lamp")
        assert names(product_search(query="lamp")) == ["Beta Lamp"]
        assert names(product_search(query="lammp")) == ["Beta Lamp"]


def test_size_letters_alone_do_not_match_everything_but_help_ranking(catalog):
    hits = product_search(query="majica xl")
    assert "Volnena jakna" not in names(hits) and "Nogavice črtaste" not in names(hits)
    assert hits[0].name == "Modra majica"  # the only T-shirt in XL


def test_nested_transaction_keeps_its_trigram_setting(catalog):
    from django.db import transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', '0.7', true)")
        product_search(query="majca")
        cursor.execute(
            "SELECT current_setting('pg_trgm.word_similarity_threshold'), current_setting('enable_seqscan')"
        )
        assert cursor.fetchone() == ("0.7", "on")


def test_bad_filter_values_are_refused(catalog):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        product_search(query="majica", filters={"min_price": "cheap"})
