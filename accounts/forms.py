import json

from django import forms
from django.utils.translation import gettext_lazy as _


class JSONTextField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 6, "class": "mono"})

    def prepare_value(self, value):
        if isinstance(value, dict | list):
            return json.dumps(value, ensure_ascii=False, indent=2)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return {}
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(_("Not valid JSON: %(error)s"), params={"error": exc.msg}) from None
        if not isinstance(parsed, dict):
            raise forms.ValidationError(_("Enter a JSON object."))
        return parsed


class CompanyInfoForm(forms.Form):
    name = forms.CharField(label=_("Shop name"), max_length=200, required=False)
    contact = JSONTextField(label=_("Contact"), required=False)
    working_hours = JSONTextField(label=_("Working hours"), required=False)
    policies = JSONTextField(label=_("Policies"), required=False)


class ApiKeyForm(forms.Form):
    name = forms.CharField(label=_("Key name"), max_length=100)
