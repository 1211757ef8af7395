"""What every rule is made of: the text being scanned, the rule itself, spans and checks."""

from __future__ import annotations

import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar, cast

T = TypeVar("T")

# A span of the text that is a secret: (start, end).
Span = tuple[int, int]
Check = Callable[[str, int, int], bool]


class TextView:
    """A text being scanned, with what several rules need computed once.

    Attributes:
        text: The text.
        lowered: The text in lower case, offset for offset the same as *text* (rules find
            their keywords in it without case-insensitive expressions, which are slow).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        lowered = text.lower()
        if len(lowered) != len(text):  # a few non-ASCII letters lower-case to two characters
            lowered = text.translate(_ASCII_LOWER)
        self.lowered = lowered
        self._memo: dict[Callable[[TextView], object], object] = {}

    def find_all(self, word: str) -> Iterator[int]:
        """Offsets of *word* (lower case) in the text, in any case."""
        position = self.lowered.find(word)
        while position >= 0:
            yield position
            position = self.lowered.find(word, position + 1)

    def memo(self, compute: Callable[[TextView], T]) -> T:
        """What *compute* finds in the text, computed once however many rules ask for it."""
        try:
            return cast(T, self._memo[compute])
        except KeyError:
            value = compute(self)
            self._memo[compute] = value
            return value


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
Finder = Callable[[TextView], Iterator[Span]]


@dataclass(frozen=True)
class Rule:
    """One kind of credential.

    Attributes:
        id: A stable identifier (``gitlab-pat``, ``aws-secret-access-key``…).
        title: What it is, in words the engineer understands.
        pattern: A regular expression; its group ``secret`` (or the whole match) is the secret.
        keep: How many leading characters of the secret stay visible when it is redacted: only
            a documented prefix that says what kind of token it was, never secret material.
        keywords: Lower-case words of which at least one must be in the text for the rule to
            run at all (a fast way to skip most rules on most texts).
        anchored: The pattern is tried only where a keyword occurs (*lead* characters before
            it), instead of at every offset: fast for patterns that start with a class.
        lead: With *anchored*: where the pattern starts, in characters before the keyword.
        check: Looks at the secret in its text and says whether it really is one (placeholders,
            context); ``None`` accepts every match.
        finder: For shapes a single expression cannot describe (Kubernetes secrets, settings):
            yields the spans of the secrets; used instead of *pattern*.
    """

    id: str
    title: str
    pattern: str = ""
    keep: int = 0
    keywords: tuple[str, ...] = ()
    anchored: bool = False
    lead: int = 0
    check: Check | None = field(default=None, compare=False)
    finder: Finder | None = field(default=None, compare=False)
