"""Grounding filter (pure): an answer may only state prices and stock counts that a tool returned.

The filter runs on the streamed answer sentence by sentence, before the shopper sees it: a
sentence naming an amount of money or a stock count that appears in no tool result of the turn
is replaced by a neutral phrase. It protects against a provider model inventing figures (or being
talked into them); the offline engine renders from tool results and passes unchanged.
"""

import json
import re
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation

_NUMBER = r"\d+(?:[.,]\d+)*"
_MONEY = re.compile(
    rf"(?:€|eur\b|euro?s?\b|usd\b|\$)\s*({_NUMBER})|({_NUMBER})\s*(?:€|eur\b|euro?s?\b|evr\w*|usd\b|\$)",
    re.IGNORECASE,
)
_STOCK = re.compile(
    rf"({_NUMBER})\s*(?:kos\w*|pcs|pieces?|units?|items?\s+(?:in|on)\s+stock|na\s+zalog\w*|in\s+stock)",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?\n])\s+")


def _to_decimal(raw: str) -> Decimal | None:
    text = raw.replace(" ", "")
    if "," in text and "." in text:
        text = text.replace(".", "").replace(",", ".")
    elif "," in text:
        text = text.replace(",", ".")
    try:
        return Decimal(text).normalize()
    except InvalidOperation:
        return None


def numbers_in(values: Iterable) -> set[Decimal]:
    """Every number that occurs in tool results (JSON values or text), normalised."""
    found: set[Decimal] = set()

    def walk(value) -> None:
        if isinstance(value, bool) or value is None:
            return
        if isinstance(value, int | float | Decimal):
            number = _to_decimal(str(value))
            if number is not None:
                found.add(number)
        elif isinstance(value, str):
            try:
                parsed = json.loads(value)
            except ValueError:
                parsed = None
            if isinstance(parsed, dict | list):
                walk(parsed)
                return
            for match in re.finditer(r"\d+(?:[.,]\d+)?", value):
                number = _to_decimal(match.group(0))
                if number is not None:
                    found.add(number)
        elif isinstance(value, dict):
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list | tuple):
            for inner in value:
                walk(inner)

    for value in values:
        walk(value)
    return found


def ungrounded_figures(sentence: str, allowed: set[Decimal]) -> list[str]:
    figures = []
    for pattern in (_MONEY, _STOCK):
        for match in pattern.finditer(sentence):
            raw = next(group for group in match.groups() if group)
            number = _to_decimal(raw)
            if number is not None and number not in allowed:
                figures.append(raw)
    return figures


class GroundedStream:
    """Feeds streamed text, emits checked sentences through `emit`, replacing ungrounded ones."""

    def __init__(self, emit: Callable[[str], None] | None, replacement: str, allowed: set[Decimal]):
        self.emit = emit
        self.replacement = replacement
        self.allowed = allowed
        self.buffer = ""
        self.parts: list[str] = []
        self.replaced = 0

    def _out(self, text: str) -> None:
        if ungrounded_figures(text, self.allowed):
            self.replaced += 1
            text = self.replacement + (" " if text.endswith((" ", "\n")) else "")
        self.parts.append(text)
        if self.emit and text:
            self.emit(text)

    def feed(self, chunk: str) -> None:
        self.buffer += chunk
        pieces = _SENTENCE_END.split(self.buffer)
        if len(pieces) == 1:
            return
        # Re-attach the separators: split on the whitespace after each sentence end.
        consumed = 0
        for piece in pieces[:-1]:
            start = self.buffer.index(piece, consumed)
            end = start + len(piece)
            while end < len(self.buffer) and self.buffer[end].isspace():
                end += 1
            self._out(self.buffer[start:end])
            consumed = end
        self.buffer = self.buffer[consumed:]

    def finish(self) -> str:
        if self.buffer:
            self._out(self.buffer)
            self.buffer = ""
        return "".join(self.parts)
