"""Acceptance: drafts for the demo shop mention only products and prices that exist."""

import re

import pytest

from emailing import drafting, services
from emailing.models import CampaignType


@pytest.fixture
def demo_a(tenant_a):
    from accounts.demo import demo_catalog_seed

    demo_catalog_seed(tenant_a, products=300, months=2)
    return tenant_a


@pytest.mark.parametrize("language", ["sl", "en"])
def test_every_campaign_type_names_real_products_with_their_real_prices(demo_a, in_tenant, language):
    from shop.models import Product

    with in_tenant(demo_a):
        catalog = {p.name: p for p in Product.objects.select_related("price", "stock")}
        for campaign_type in CampaignType.values:
            draft = services.draft_create(account=demo_a, campaign_type=campaign_type, language=language)
            lines = [line[2:] for line in draft.body_text.splitlines() if line.startswith("- ")]
            assert len(lines) == len(draft.product_ids) > 0, campaign_type
            for line in lines:
                name, _, rest = line.rpartition(": ")
                product = catalog[name]  # KeyError = a product that does not exist
                assert product.pk in draft.product_ids
                assert product.is_active and product.stock.quantity > 0
                assert drafting.format_price(product.price.price, language) in rest
                if product.price.regular_price and product.price.regular_price > product.price.price:
                    assert drafting.format_price(product.price.regular_price, language) in rest
            allowed = set()
            for pk in draft.product_ids:
                price = Product.objects.get(pk=pk).price
                allowed |= {price.price, price.regular_price} - {None}
            assert drafting.mentioned_prices(re.sub(r"<[^>]+>", " ", draft.body_html)) <= allowed
            assert drafting.mentioned_prices(draft.body_text) <= allowed
            if campaign_type == CampaignType.SALE:
                assert all(Product.objects.get(pk=pk).price.regular_price for pk in draft.product_ids)
