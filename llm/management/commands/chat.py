"""Talk to an account's agent in the terminal.

manage.py chat --account demo                      # REPL (empty line or Ctrl-D quits)
manage.py chat --account demo --once "Ali imate rdeče majice v velikosti M?"
"""

import sys
import uuid

from django.core.management.base import BaseCommand, CommandError

from features.registry import AGENTS


class Command(BaseCommand):
    help = "Converse with an account's agent (offline engine unless a provider is configured)."

    def add_arguments(self, parser):
        parser.add_argument("--account", required=True, help="Account slug (schema), domain or name.")
        parser.add_argument("--agent", default="chatbot", choices=AGENTS)
        parser.add_argument("--once", help="Ask one question, print the answer and exit.")
        parser.add_argument("--verbose-tools", action="store_true", help="Also print the tool calls.")

    def handle(self, *args, **options):
        from llm.context import AgentContext

        account = self._account(options["account"])
        context = AgentContext(
            account_id=account.pk,
            schema_name=account.schema_name,
            agent=options["agent"],
            channel="cli",
            session_id=f"cli-{uuid.uuid4().hex[:12]}",
            language=account.default_language or "sl",
        )
        if options["once"] is not None:
            self._turn(account, context, [{"role": "user", "content": options["once"]}], options)
            return
        self.stdout.write(f"{account.name} · {options['agent']} — empty line or Ctrl-D to quit.")
        history: list[dict] = []
        while True:
            try:
                line = input("> ")
            except EOFError:
                break
            if not line.strip():
                break
            history.append({"role": "user", "content": line})
            reply = self._turn(account, context, history, options)
            history.append({"role": "assistant", "content": reply.text})

    def _turn(self, account, context, history, options):
        from llm.runtime import agent_reply

        def on_delta(text: str) -> None:
            self.stdout.write(text, ending="")
            self.stdout.flush()

        reply = agent_reply(account=account, context=context, history=history, on_delta=on_delta)
        self.stdout.write("")
        if options["verbose_tools"]:
            for call in reply.tool_calls:
                self.stderr.write(f"  [tool] {call['name']}({call['args']})")
            self.stderr.write(
                f"  [{reply.model}] {reply.input_tokens}+{reply.output_tokens} tokens"
                + (" · fell back to offline" if reply.fell_back else "")
            )
        sys.stdout.flush()
        return reply

    def _account(self, value: str):
        from django.db.models import Q

        from accounts.models import Account

        account = (
            Account.objects.filter(is_template=False)
            .filter(Q(schema_name=value) | Q(domains__domain=value) | Q(name__iexact=value))
            .distinct()
            .first()
        )
        if account is None:
            raise CommandError(f"No account '{value}'. Create the demo shop with `manage.py seed_demo`.")
        return account
