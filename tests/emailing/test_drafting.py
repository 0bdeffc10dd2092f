"""Drafts are built from real catalog data, sanitised, and always carry Sendy's unsubscribe tags."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from emailing import drafting, services
from emailing.models import DraftStatus


def _prices_in_db():
    from shop.models import Price

    return {p.price for p in Price.objects.all()} | {
        p.regular_price for p in Price.objects.all() if p.regular_price
    }


def test_sale_draft_mentions_only_sale_products_and_their_real_prices(tenant_a, catalog_a, in_tenant):
    with in_tenant(tenant_a):
        draft = services.draft_create(account=tenant_a, campaign_type="sale", language="sl")
        assert draft.status == DraftStatus.DRAFT
        assert "Jakna Zimska" in draft.body_text and "Kapa Volnena" in draft.body_text
        assert "Majica" not in draft.body_text
        assert "89,00 €" in draft.body_html and "120,00 €" in draft.body_html
        content = drafting.DraftContent(draft.subject, draft.preheader, draft.body_html, draft.body_text)
        assert drafting.mentioned_prices(draft.body_text) <= _prices_in_db()
        assert not drafting.ungrounded_prices(content, [_hit(pk) for pk in draft.product_ids])
        assert "-25 %" in draft.subject  # (120 - 89) / 120 = 25.8 % off, rounded down


def _hit(pk):
    from shop.selectors import product_get

    return product_get(product_id=pk)


def test_new_products_draft_in_english_excludes_out_of_stock(tenant_a, catalog_a, in_tenant):
    with in_tenant(tenant_a):
        draft = services.draft_create(account=tenant_a, campaign_type="new_products", language="en")
    assert draft.language == "en"
    assert "€19.90" in draft.body_text
    assert "Čevlji" not in draft.body_text  # out of stock
    assert "View product" in draft.body_html


def test_every_draft_has_unsubscribe_tags(tenant_a, catalog_a, in_tenant):
    with in_tenant(tenant_a):
        for kind in ("new_products", "back_in_stock", "sale", "seasonal", "newsletter", "abandoned_cart"):
            draft = services.draft_create(account=tenant_a, campaign_type=kind, language="sl")
            assert "<unsubscribe>" in draft.body_html and "</unsubscribe>" in draft.body_html
            assert "[unsubscribe]" in draft.body_text


def test_selected_products_are_used_in_order(tenant_a, catalog_a, in_tenant):
    ids = [catalog_a[2].pk, catalog_a[0].pk]
    with in_tenant(tenant_a):
        draft = services.draft_create(
            account=tenant_a, campaign_type="newsletter", language="sl", product_ids=ids + [999999]
        )
    assert draft.product_ids == ids
    assert draft.body_text.index("Kapa") < draft.body_text.index("Majica")


def test_unknown_products_only_is_refused(tenant_a, catalog_a, in_tenant):
    with in_tenant(tenant_a), pytest.raises(ValidationError, match="None of the selected products"):
        services.draft_create(account=tenant_a, campaign_type="sale", language="sl", product_ids=[999999])


def test_empty_catalog_gives_clear_error(tenant_a, in_tenant):
    with in_tenant(tenant_a), pytest.raises(ValidationError, match="no products"):
        services.draft_create(account=tenant_a, campaign_type="sale", language="sl")


@pytest.mark.parametrize(
    ("field", "kwargs"), [("type", {"campaign_type": "spam"}), ("language", {"language": "de"})]
)
def test_bad_type_or_language_is_refused(tenant_a, in_tenant, field, kwargs):
    args = {"campaign_type": "sale", "language": "sl", **kwargs}
    with in_tenant(tenant_a), pytest.raises(ValidationError) as excinfo:
        services.draft_create(account=tenant_a, **args)
    assert field in excinfo.value.message_dict


def test_edit_is_sanitised_and_keeps_unsubscribe(tenant_a, catalog_a, in_tenant):
    with in_tenant(tenant_a):
        draft = services.draft_create(account=tenant_a, campaign_type="sale", language="sl")
        draft = services.draft_update(
            draft_id=draft.pk,
            actor="owner",
            body_html='<p onclick="x()">Hi <script>alert(1)</script><a href="javascript:alert(1)">x</a><img src=x onerror=y></p>',
            body_text="Plain",
        )
    assert "script" not in draft.body_html and "onclick" not in draft.body_html
    assert "javascript:" not in draft.body_html and "onerror" not in draft.body_html
    assert "<unsubscribe>" in draft.body_html
    assert "[unsubscribe]" in draft.body_text


def test_editing_an_approved_draft_withdraws_approval(tenant_a, catalog_a, in_tenant, owner_user_a):
    with in_tenant(tenant_a):
        draft = services.draft_create(account=tenant_a, campaign_type="sale", language="sl")
        services.draft_approve(draft_id=draft.pk, user=owner_user_a)
        draft = services.draft_update(draft_id=draft.pk, actor="owner", subject="New subject")
    assert (draft.status, draft.approved_at, draft.subject) == (DraftStatus.DRAFT, None, "New subject")


def test_empty_subject_edit_is_refused(tenant_a, catalog_a, in_tenant):
    with in_tenant(tenant_a):
        draft = services.draft_create(account=tenant_a, campaign_type="sale", language="sl")
        with pytest.raises(ValidationError):
            services.draft_update(draft_id=draft.pk, actor="owner", subject="   ")


def test_sl_and_en_price_formats():
    assert drafting.format_price(Decimal("1234.5"), "sl") == "1.234,50 €"
    assert drafting.format_price(Decimal("1234.5"), "en") == "€1,234.50"
    assert drafting.mentioned_prices("Za 1.234,50 € ali €9.99 ali 5 EUR") == {
        Decimal("1234.50"),
        Decimal("9.99"),
        Decimal("5.00"),
    }


def test_seasonal_copy_follows_the_date():
    class P:
        id, name, price, regular_price, currency, url, on_sale = (
            1,
            "Sani",
            Decimal("50"),
            None,
            "EUR",
            "",
            False,
        )

    content = drafting.compose_offline(
        campaign_type="seasonal", language="sl", products=[P()], shop_name="Alfa", today=date(2026, 12, 1)
    )
    assert content.subject == "Zimski izbor v trgovini Alfa"


def test_back_in_stock_puts_products_shoppers_asked_about_first(tenant_a, catalog_a, in_tenant):
    from addons.models import StockNotification

    kapa = catalog_a[2]
    with in_tenant(tenant_a):
        StockNotification.objects.create(
            product=kapa, email="a@example.com", consent=True, consent_text="ok", notified_at=None
        )
        draft = services.draft_create(account=tenant_a, campaign_type="back_in_stock", language="en")
    assert draft.product_ids[0] == kapa.pk
    assert draft.subject == "Back in stock: Kapa Volnena"
