from django import forms
from django.utils.translation import gettext_lazy as _

from emailing.models import CampaignType, SendMode


class NewDraftForm(forms.Form):
    type = forms.ChoiceField(label=_("Campaign type"), choices=CampaignType.choices)
    language = forms.ChoiceField(label=_("Language"), choices=[("sl", "Slovenščina"), ("en", "English")])
    product_ids = forms.TypedMultipleChoiceField(
        label=_("Products (optional)"), coerce=int, required=False, choices=[],
        help_text=_("Leave empty to let the agent pick products that fit the campaign type."),
    )  # fmt: skip

    def __init__(self, *args, products=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product_ids"].choices = [(p.id, f"{p.name} ({p.price} {p.currency})") for p in products]


class DraftEditForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    preheader = forms.CharField(label=_("Preheader"), max_length=250, required=False)
    body_html = forms.CharField(
        label=_("HTML body"), widget=forms.Textarea(attrs={"rows": 14}), max_length=200_000
    )
    body_text = forms.CharField(
        label=_("Plain-text body"), widget=forms.Textarea(attrs={"rows": 10}), max_length=100_000
    )


class SendForm(forms.Form):
    send_mode = forms.ChoiceField(label=_("How"), choices=SendMode.choices, initial=SendMode.SEND)
    schedule_at = forms.DateTimeField(
        label=_("Send at (for scheduling)"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )  # fmt: skip


class SendySettingsForm(forms.Form):
    sendy_url = forms.CharField(label=_("Sendy installation URL"), max_length=500, required=False)
    sendy_api_key = forms.CharField(
        label=_("API key"), max_length=500, required=False, widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave empty to keep the saved key."),
    )  # fmt: skip
    brand_id = forms.CharField(label=_("Brand id"), max_length=20, required=False)
    list_ids = forms.CharField(label=_("List ids (comma-separated)"), max_length=1000, required=False)
    from_name = forms.CharField(label=_("From name"), max_length=200, required=False)
    from_email = forms.CharField(label=_("From email"), max_length=254, required=False)
    reply_to = forms.CharField(label=_("Reply-to"), max_length=254, required=False)
