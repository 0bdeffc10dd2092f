from django.db import models
from django.utils.translation import gettext_lazy as _

from features.registry import AGENTS


class AccountAgentFeature(models.Model):
    """ACCOUNT_AGENT_FEATURES of the seed: a per-account override of a tier's default, with config."""

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="features")
    agent = models.CharField(_("agent"), max_length=20, choices=[(a, a) for a in AGENTS])
    feature = models.CharField(_("feature"), max_length=50, default="core")
    # True/False overrides the tier; None follows the tier (a row that only carries config must not
    # pin a feature on through a later downgrade).
    enabled = models.BooleanField(_("enabled"), null=True, blank=True, default=None)
    config = models.JSONField(_("config"), default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("agent feature")
        verbose_name_plural = _("agent features")
        constraints = [
            models.UniqueConstraint(fields=["account", "agent", "feature"], name="uniq_account_agent_feature")
        ]
        ordering = ["agent", "feature"]

    def __str__(self) -> str:
        state = {True: "on", False: "off", None: "tier"}[self.enabled]
        return f"{self.agent}.{self.feature}={state}"
