import json

from django import forms
from django.utils.translation import gettext_lazy as _


class JsonField(forms.CharField):
    """A textarea holding JSON; the parsed value is cleaned, the shape is checked by the service."""

    widget = forms.Textarea(attrs={"rows": 14, "cols": 70, "spellcheck": "false", "class": "code"})

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            return json.loads(text)
        except ValueError as exc:
            raise forms.ValidationError(_("Not valid JSON: %(error)s"), params={"error": exc}) from None

    def prepare_value(self, value):
        if isinstance(value, dict | list):
            return json.dumps(value, indent=2, ensure_ascii=False)
        return value


class PricingRuleForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    category = forms.CharField(label=_("Category"), max_length=200, required=False)
    product = forms.CharField(label=_("Product code"), max_length=100, required=False)
    params = JsonField(label=_("Parameters (JSON)"))
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class SizeChartForm(forms.Form):
    category = forms.CharField(label=_("Category"), max_length=200)
    chart = JsonField(label=_("Chart (JSON)"))


PRICING_EXAMPLE = {
    "unit": "m2",
    "unit_price": "24.90",
    "minimum_charge": "30.00",
    "setup_fee": "5.00",
    "tiers": [{"min_quantity": 10, "discount_percent": 5}, {"min_quantity": 50, "discount_percent": 10}],
}
SIZE_EXAMPLE = {
    "unit": "cm",
    "sizes": [
        {"size": "S", "chest": [86, 94], "waist": [71, 79]},
        {"size": "M", "chest": [94, 102], "waist": [79, 87]},
        {"size": "L", "chest": [102, 110], "waist": [87, 95]},
    ],
}
