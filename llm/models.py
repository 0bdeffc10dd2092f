"""Public-schema records of the agent runtime, plus `chat_model_for` (the contract entry point).

TokenUsage is one row per (account, agent, month): every model call adds its tokens with an
atomic UPDATE ... SET x = x + n, so concurrent workers never lose counts (see llm.metering).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TokenUsage(models.Model):
    account = models.ForeignKey(
        "accounts.Account", on_delete=models.CASCADE, related_name="token_usage", verbose_name=_("account")
    )
    agent = models.CharField(_("agent"), max_length=20)
    month = models.DateField(_("month"), help_text=_("First day of the month."))
    input_tokens = models.BigIntegerField(_("input tokens"), default=0)
    output_tokens = models.BigIntegerField(_("output tokens"), default=0)
    calls = models.IntegerField(_("model calls"), default=0)
    # Turns where the configured provider failed and the offline engine answered instead.
    fallbacks = models.IntegerField(_("provider fallbacks"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("token usage")
        verbose_name_plural = _("token usage")
        ordering = ["-month", "account", "agent"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "agent", "month"], name="token_usage_account_agent_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.agent} {self.month:%Y-%m}"

    @property
    def total_tokens(self) -> int:
        return self.input_tokens + self.output_tokens


def chat_model_for(account, agent: str):
    """The chat model an account's agent talks to (see llm.providers); offline unless configured."""
    from llm.providers import chat_model_for as _chat_model_for

    return _chat_model_for(account, agent)
