"""Forms of the public booking page, the manage page and the owner dashboard."""

from __future__ import annotations

import json
from datetime import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from booking.models import Service
from booking.rules import RulesError, validate


class PickForm(forms.Form):
    """Step 1 (GET): service, staff or anyone, day."""

    service = forms.TypedChoiceField(label=_("Service"), coerce=int)
    staff = forms.ChoiceField(label=_("With"), required=False)
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    tz = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, services=(), staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [(s.pk, f"{s.name} ({s.duration_min} min)") for s in services]
        self.fields["staff"].choices = [("any", _("Anyone available"))] + [(str(m.pk), m.name) for m in staff]


class ContactForm(forms.Form):
    """Step 2 (POST): the chosen start time and the customer's contact."""

    # Any aware ISO time: the slot engine and the database decide, so a slot taken meanwhile gets
    # "just taken" + alternatives instead of a generic "invalid choice".
    start = forms.CharField(label=_("Time"), max_length=40)
    customer_name = forms.CharField(label=_("Name"), max_length=200)
    customer_email = forms.EmailField(label=_("Email"))
    customer_phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    marketing_consent = forms.BooleanField(label=_("Send me news and offers"), required=False)
    notes = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, slot_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.slot_choices = list(slot_choices)

    def clean_start(self):
        try:
            value = datetime.fromisoformat(self.cleaned_data["start"])
        except ValueError as exc:
            raise forms.ValidationError(_("Choose a time.")) from exc
        if value.tzinfo is None:
            raise forms.ValidationError(_("Choose a time."))
        return value


class ServiceForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = ["name", "description", "duration_min", "price", "active"]


class StaffForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("Email"), required=False)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    services = forms.ModelMultipleChoiceField(
        label=_("Services"),
        queryset=Service.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class RulesForm(forms.Form):
    rules = forms.CharField(
        label=_("Rules (JSON)"), widget=forms.Textarea(attrs={"rows": 18, "class": "code"})
    )
    calendar_sync = forms.URLField(label=_("External calendar (ICS URL)"), required=False, max_length=1000)

    def clean_rules(self):
        try:
            data = json.loads(self.cleaned_data["rules"] or "{}")
        except ValueError as exc:
            raise forms.ValidationError(_("Not valid JSON: %(error)s") % {"error": exc}) from exc
        try:
            validate(data)
        except RulesError as exc:
            raise forms.ValidationError(exc.errors) from exc
        return data


class RescheduleForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
