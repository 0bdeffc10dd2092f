"""`manage.py chat`: one answer with --once, and a REPL that keeps the conversation."""

import io

import pytest
from django.core.management import CommandError, call_command

from llm.render import money

pytestmark = pytest.mark.django_db


def test_once_prints_the_answer_from_the_database(demo_shop):
    from tests.llm.helpers import product_row

    out = io.StringIO()
    call_command("chat", account="alpha", once="Ali imate rdeče majice v velikosti M?", stdout=out)
    text = out.getvalue()
    assert text.startswith("Našel sem")
    first = text.splitlines()[1].split(" – ")[0][2:]
    assert money(product_row(demo_shop, name=first)["price"], "EUR", "sl") in text


def test_repl_answers_until_an_empty_line(demo_shop, monkeypatch):
    lines = iter(["Hello!", "What is your return policy?", ""])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(lines))
    out = io.StringIO()
    call_command("chat", account="alpha.localhost", stdout=out)
    text = out.getvalue()
    assert "Hello! I'm the virtual assistant" in text and "Unworn items" in text


def test_unknown_account_is_a_clear_error(tenant_a):
    with pytest.raises(CommandError, match="No account 'nope'"):
        call_command("chat", account="nope", once="hi")
