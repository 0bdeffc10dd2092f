"""Staff administration of accounts on the public host: tiers, domains, flags, API keys."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_tenants.admin import TenantAdminMixin

from accounts.models import Account, ApiKey, Domain
from accounts.services import account_delete, account_slug_validate, tenant_host
from features.models import AccountAgentFeature
from features.selectors import invalidate_cache
from features.services import encrypt_secrets, feature_config_validate


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


class TierDefaultSelect(forms.NullBooleanSelect):
    """On / Off / follow the tier (None), in words staff understand."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", _("Tier default")), ("true", _("On")), ("false", _("Off"))]


class FeatureInlineForm(forms.ModelForm):
    class Meta:
        model = AccountAgentFeature
        fields = ["agent", "feature", "enabled", "config"]
        widgets = {"enabled": TierDefaultSelect}

    def clean(self):
        cleaned = super().clean()
        try:
            feature_config_validate(
                agent=cleaned.get("agent"), feature=cleaned.get("feature"), config=cleaned.get("config") or {}
            )
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None
        if self.instance.pk:
            cleaned["config"] = encrypt_secrets(cleaned.get("config") or {}, previous=self.instance.config)
        else:
            cleaned["config"] = encrypt_secrets(cleaned.get("config") or {})
        return cleaned


class FeatureInline(admin.TabularInline):
    model = AccountAgentFeature
    form = FeatureInlineForm
    extra = 0


class ApiKeyInline(admin.TabularInline):
    model = ApiKey
    extra = 0
    fields = ["name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    can_delete = True

    def has_add_permission(self, request, obj=None):
        return False  # keys are created by the owner or `manage.py`, shown once


class AccountForm(forms.ModelForm):
    class Meta:
        model = Account
        fields = ["name", "schema_name", "subscription_tier", "owner_email", "timezone", "default_language"]

    def clean_schema_name(self):
        # The same rules as `create_account`: reserved names and bad slugs never become schemas.
        slug = self.cleaned_data["schema_name"]
        if not self.instance.pk:
            try:
                account_slug_validate(slug)
            except ValidationError as exc:
                raise forms.ValidationError(exc.messages) from None
        return slug


@admin.register(Account)
class AccountAdmin(TenantAdminMixin, admin.ModelAdmin):
    form = AccountForm
    list_display = ["name", "schema_name", "subscription_tier", "owner_email", "created_at"]
    list_filter = ["subscription_tier"]
    search_fields = ["name", "schema_name", "owner_email"]
    readonly_fields = ["widget_key", "created_at"]
    inlines = [DomainInline, FeatureInline, ApiKeyInline]

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(schema_name__in=["public", settings.TENANT_BASE_SCHEMA])

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + ["schema_name"] if obj else fields

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        account = form.instance
        if not account.domains.exists():
            # A new account is reachable at once on <slug>.<AGENTS_DOMAIN>, as with create_account.
            Domain.objects.create(domain=tenant_host(account.schema_name), tenant=account, is_primary=True)
        invalidate_cache(account)

    def delete_model(self, request, obj):
        account_delete(account=obj)
        messages.info(request, f"Schema {obj.schema_name} dropped.")

    def delete_queryset(self, request, queryset):
        # The bulk action must drop schemas too (QuerySet.delete() skips Account.delete()).
        for account in queryset:
            self.delete_model(request, account)


@admin.register(AccountAgentFeature)
class AccountAgentFeatureAdmin(admin.ModelAdmin):
    form = FeatureInlineForm
    list_display = ["account", "agent", "feature", "enabled", "updated_at"]
    list_filter = ["agent", "feature", "enabled"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        invalidate_cache(obj.account)
