from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from llm.metering import monthly_quota
from llm.models import TokenUsage


@admin.register(TokenUsage)
class TokenUsageAdmin(admin.ModelAdmin):
    list_display = (
        "account",
        "agent",
        "month",
        "input_tokens",
        "output_tokens",
        "total",
        "calls",
        "fallbacks",
        "quota",
    )
    list_filter = ("month", "agent", "account__subscription_tier")
    search_fields = ("account__name", "account__schema_name")
    date_hierarchy = "month"
    readonly_fields = [f.name for f in TokenUsage._meta.fields]
    list_select_related = ("account",)

    @admin.display(description=_("total tokens"))
    def total(self, obj: TokenUsage) -> int:
        return obj.total_tokens

    @admin.display(description=_("monthly quota (all agents)"))
    def quota(self, obj: TokenUsage):
        return monthly_quota(obj.account) or _("unlimited")

    def has_add_permission(self, request) -> bool:
        return False  # rows come from metering only

    def has_change_permission(self, request, obj=None) -> bool:
        return False
