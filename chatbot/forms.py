from django import forms
from django.utils.translation import gettext_lazy as _

from chatbot.models import FAQ


class FaqForm(forms.Form):
    question = forms.CharField(label=_("Question"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    answer = forms.CharField(label=_("Answer"), max_length=8000, widget=forms.Textarea(attrs={"rows": 5}))
    category = forms.CharField(label=_("Category"), max_length=100, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=FAQ.Status.choices, initial=FAQ.Status.DRAFT)


class ReplyForm(forms.Form):
    content = forms.CharField(label=_("Reply"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class WidgetSettingsForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=80, required=False)
    greeting = forms.CharField(
        label=_("Greeting"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    primary_color = forms.RegexField(
        label=_("Primary colour"),
        regex=r"^#[0-9a-fA-F]{6}$",
        required=False,
        widget=forms.TextInput(attrs={"type": "color"}),
        error_messages={"invalid": _("Use a colour like #2563eb.")},
    )
    position = forms.ChoiceField(
        label=_("Position"), choices=[("bottom-right", _("Bottom right")), ("bottom-left", _("Bottom left"))]
    )
    allowed_origins = forms.CharField(
        label=_("Allowed websites (one origin per line, e.g. https://www.myshop.si)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    retention_days = forms.IntegerField(label=_("Keep transcripts for (days)"), min_value=1, max_value=3650)
    lead_email = forms.EmailField(label=_("Send new leads to (email)"), required=False)

    def clean_allowed_origins(self) -> list[str]:
        from chatbot.widget_settings import normalize_origin

        origins = []
        for line in self.cleaned_data["allowed_origins"].splitlines():
            line = line.strip()
            if not line:
                continue
            check = line.replace("://*.", "://wildcard.")
            if not normalize_origin(check) or "/" in check.split("://", 1)[1].rstrip("/"):
                raise forms.ValidationError(
                    _("“%(line)s” is not an origin like https://www.myshop.si") % {"line": line}
                )
            origins.append(line.rstrip("/").lower())
        return origins


class VisitorForm(forms.Form):
    visitor_id = forms.RegexField(
        label=_("Visitor id"),
        regex=r"^[A-Za-z0-9_-]{8,64}$",
        error_messages={"invalid": _("A visitor id looks like v_Ab12…")},
    )
