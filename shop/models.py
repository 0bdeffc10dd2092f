"""The Growiyo read source in each tenant schema: company info, products, prices, stock, orders.

Rows carry the shop platform's own ids (`external_id`) so the sync API can upsert idempotently.
Agents read these tables; only `Product.description` is written back (description generator).
"""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import F, Func, Value
from django.utils.translation import gettext_lazy as _

from shop.search import HEAD_SEPARATOR


class CompanyInfo(models.Model):
    """COMPANY_INFO: one row per shop."""

    name = models.CharField(_("shop name"), max_length=200, blank=True)
    contact = models.JSONField(_("contact"), default=dict, blank=True)  # email, phone, address, website
    # {"mon": [["09:00", "17:00"]], ..., "sun": [], "closed_dates": ["2026-12-25"], "timezone": "Europe/Ljubljana"}
    working_hours = models.JSONField(_("working hours"), default=dict, blank=True)
    # {"shipping": {"sl": "...", "en": "..."}, "returns": {...}, "payment": {...}, "warranty": {...}}
    policies = models.JSONField(_("policies"), default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("company info")
        verbose_name_plural = _("company info")

    def __str__(self) -> str:
        return self.name or "Company info"


class Product(models.Model):
    external_id = models.CharField(max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    # Structured attributes the product finder and search use: {"size": ["S","M"], "color": ["red"], ...}
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    category = models.CharField(_("category"), max_length=200, blank=True)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    image_url = models.URLField(_("image URL"), max_length=500, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # Lower-cased, diacritics-free text of name, category, description and attributes (see shop.search).
    search_text = models.TextField(default="", editable=False)
    # to_tsvector('simple', search_text), stored by PostgreSQL itself: always in step with
    # search_text whoever writes it, and computed once per write instead of once per search.
    search_vector = models.GeneratedField(
        expression=SearchVector("search_text", config="simple"),
        output_field=SearchVectorField(),
        db_persist=True,
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name"]
        indexes = [
            GinIndex(name="product_search_trgm", fields=["search_text"], opclasses=["gin_trgm_ops"]),
            GinIndex(name="product_name_trgm", fields=["name"], opclasses=["gin_trgm_ops"]),
            # Trigrams of the head of search_text (name, category, attributes; see shop.search).
            GinIndex(
                OpClass(
                    # chr(31) = HEAD_SEPARATOR (a literal would reach the DDL as the text "\\x1f").
                    Func(
                        F("search_text"),
                        Func(Value(ord(HEAD_SEPARATOR)), function="chr"),
                        Value(1),
                        function="split_part",
                    ),
                    "gin_trgm_ops",
                ),
                name="product_head_trgm",
            ),
            # Full text ('simple': no stemming, the text is Slovenian and English mixed).
            GinIndex(name="product_search_fts", fields=["search_vector"]),
        ]

    def __str__(self) -> str:
        return self.name


class Price(models.Model):
    """PRICES: the current price of a product (EUR), with an optional regular price for sales."""

    product = models.OneToOneField(Product, on_delete=models.CASCADE, related_name="price")
    price = models.DecimalField(_("price"), max_digits=12, decimal_places=2)
    regular_price = models.DecimalField(
        _("regular price"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(max_length=3, default="EUR")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(price__gte=0), name="price_not_negative")]


class Stock(models.Model):
    """STOCK: units on hand."""

    product = models.OneToOneField(Product, on_delete=models.CASCADE, related_name="stock")
    quantity = models.IntegerField(_("quantity"), default=0)
    updated_at = models.DateTimeField(auto_now=True)


class Order(models.Model):
    class Status(models.TextChoices):
        PAID = "paid", _("Paid")
        REFUNDED = "refunded", _("Refunded")
        CANCELLED = "cancelled", _("Cancelled")

    external_id = models.CharField(max_length=100, unique=True)
    customer_id = models.BigIntegerField(null=True, blank=True)
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PAID)
    created_at = models.DateTimeField(_("created at"), db_index=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at"]


class OrderItem(models.Model):
    """Order lines: which products an order held (feeds top products)."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(Product, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    product_external_id = models.CharField(max_length=100, blank=True)
    name = models.CharField(max_length=300, blank=True)
    quantity = models.IntegerField(default=1)
    unit_price = models.DecimalField(max_digits=12, decimal_places=2)
