"""Output shapes of the shop API (and the OpenAPI documentation of the sync input).

Serializers here only shape data; validation of sync rows lives in shop.sync_rows.
"""

from rest_framework import serializers

from shop.models import CompanyInfo, Order, OrderItem


class ProductOutSerializer(serializers.Serializer):
    """A product as the API returns it (from a `ProductHit`)."""

    id = serializers.IntegerField()
    external_id = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    category = serializers.CharField()
    url = serializers.CharField()
    image_url = serializers.CharField()
    attributes = serializers.JSONField()
    price = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    regular_price = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    currency = serializers.CharField()
    stock_quantity = serializers.IntegerField()
    in_stock = serializers.BooleanField()
    on_sale = serializers.BooleanField()
    is_active = serializers.BooleanField()
    score = serializers.FloatField(help_text="Search relevance 0–1 (1 when not searching).")


class OrderItemOutSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrderItem
        fields = ["product_id", "product_external_id", "name", "quantity", "unit_price"]


class OrderOutSerializer(serializers.ModelSerializer):
    items = OrderItemOutSerializer(many=True, read_only=True)

    class Meta:
        model = Order
        fields = ["id", "external_id", "customer_id", "total", "status", "created_at", "items"]


class CompanyOutSerializer(serializers.ModelSerializer):
    class Meta:
        model = CompanyInfo
        fields = ["name", "contact", "working_hours", "policies", "updated_at"]


# --- documentation of the sync input (the services validate) --------------------------------


class ProductRowDoc(serializers.Serializer):
    external_id = serializers.CharField(max_length=100)
    name = serializers.CharField(max_length=300, help_text="Required for a new product.")
    description = serializers.CharField(required=False)
    category = serializers.CharField(required=False)
    url = serializers.URLField(required=False)
    image_url = serializers.URLField(required=False)
    attributes = serializers.JSONField(required=False, help_text='{"color": ["red"], "size": ["S", "M"]}')
    is_active = serializers.BooleanField(required=False)
    price = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, help_text="Required for a new product."
    )
    regular_price = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True)
    currency = serializers.CharField(required=False, default="EUR")
    stock = serializers.IntegerField(required=False, min_value=0)


class ProductBatchDoc(serializers.Serializer):
    products = ProductRowDoc(many=True)


class OrderItemRowDoc(serializers.Serializer):
    product_external_id = serializers.CharField(required=False)
    name = serializers.CharField(required=False)
    quantity = serializers.IntegerField(min_value=1, default=1)
    unit_price = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)


class OrderRowDoc(serializers.Serializer):
    external_id = serializers.CharField(max_length=100)
    customer_id = serializers.IntegerField(required=False, allow_null=True)
    total = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
    status = serializers.ChoiceField(choices=Order.Status.choices, required=False)
    created_at = serializers.DateTimeField()
    items = OrderItemRowDoc(many=True, required=False, help_text="Replaces all lines of the order.")


class OrderBatchDoc(serializers.Serializer):
    orders = OrderRowDoc(many=True)


class CompanyDoc(serializers.Serializer):
    name = serializers.CharField(required=False)
    contact = serializers.JSONField(required=False)
    working_hours = serializers.JSONField(
        required=False, help_text='{"mon": [["09:00", "17:00"]], "sun": []}'
    )
    policies = serializers.JSONField(required=False)


class RowErrorDoc(serializers.Serializer):
    index = serializers.IntegerField()
    external_id = serializers.CharField(allow_null=True)
    errors = serializers.DictField(child=serializers.CharField())


class SyncReportDoc(serializers.Serializer):
    entity = serializers.CharField()
    received = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    failed = serializers.IntegerField()
    errors = RowErrorDoc(many=True)
