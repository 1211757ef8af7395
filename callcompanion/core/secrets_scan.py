"""Credentials seen on a screen share must not slip into a public reply.

:func:`scan` runs the rules of :mod:`callcompanion.core.secret_rules` over a text and returns
one :class:`Finding` per secret, with its line and the span of the secret itself, so the review
dialog can say what was found where and :func:`redact` can replace the whole secret (multi-line
ones included) with a short, non-secret prefix and ``[REDACTED]`` (``glpat-[REDACTED]``).

Rules whose keywords are absent from the text are skipped, so a 10 MB text scans in a fraction
of a second; the GUI still scans big texts on a worker thread.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from callcompanion.core.secret_rules import RULES, Check, Rule, Span, TextView, is_placeholder

__all__ = ["REDACTED", "RULES", "Finding", "Rule", "pat_prefix_rules", "redact", "scan"]

REDACTED = "[REDACTED]"
EXCERPT_LENGTH = 160


@dataclass(frozen=True)
class Finding:
    """A secret in a text.

    Attributes:
        rule: Which rule matched.
        start: Offset of the secret in the text.
        end: Offset just past it.
        line: 1-based line number where the secret starts.
        excerpt: That line, with the secret masked (safe to show and log).
    """

    rule: Rule
    start: int
    end: int
    line: int
    excerpt: str

    @property
    def title(self) -> str:
        return self.rule.title


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _body_is_real(prefix_length: int) -> Check:
    def check(text: str, start: int, end: int) -> bool:
        return not is_placeholder(text[start + prefix_length : end])

    return check


def pat_prefix_rules(prefixes: Iterable[str]) -> tuple[Rule, ...]:
    """Rules for an instance's own personal-access-token prefixes (``acme_`` etc.).

    GitLab lets an instance put its own prefix in front of personal access tokens; such a
    prefix matches anywhere in a word.
    """
    rules = []
    for prefix in prefixes:
        prefix = prefix.strip()
        if prefix:
            rules.append(
                Rule(
                    f"custom-prefix:{prefix}",
                    f"Token with the prefix {prefix}",
                    rf"{re.escape(prefix)}[\w-]{{20,}}",
                    keep=len(prefix),
                    keywords=(prefix.lower(),),
                    check=_body_is_real(len(prefix)),
                )
            )
    return tuple(rules)


def _matches(rule: Rule, view: TextView) -> Iterator[re.Match[str]]:
    pattern = _compiled(rule.pattern)
    if not rule.anchored:
        yield from pattern.finditer(view.text)
        return
    for keyword in rule.keywords:
        for position in view.find_all(keyword):
            match = pattern.match(view.text, max(0, position - rule.lead))
            if match is not None:
                yield match


def _spans(rule: Rule, view: TextView) -> Iterator[Span]:
    if rule.finder is not None:
        yield from rule.finder(view)
        return
    for match in _matches(rule, view):
        if "secret" in match.re.groupindex and match.group("secret") is not None:
            yield match.span("secret")
        else:
            yield match.span()


def _trim(text: str, start: int, end: int) -> Span:
    r"""Leave line breaks around a secret (real or written ``\n``) out of it."""
    while start < end:
        if text[start].isspace():
            start += 1
        elif text.startswith(("\\n", "\\r"), start):
            start += 2
        else:
            break
    while end > start:
        if text[end - 1].isspace():
            end -= 1
        elif end - start >= 2 and text[end - 2 : end] in ("\\n", "\\r"):
            end -= 2
        else:
            break
    return start, end


def scan(text: str, rules: Sequence[Rule] = RULES) -> list[Finding]:
    """Every secret in *text*, in order; where rules overlap, the first rule in *rules* wins."""
    view = TextView(text)
    starts: list[int] = []  # sorted, non-overlapping spans taken so far
    ends: list[int] = []
    owners: list[Rule] = []
    for rule in rules:
        if rule.finder and rule.keywords and not any(w in view.lowered for w in rule.keywords):
            continue  # (a pattern finds its own start as fast as this would)
        for raw_start, raw_end in _spans(rule, view):
            start, end = _trim(text, raw_start, raw_end)
            if start >= end:
                continue
            if rule.check is not None and not rule.check(text, start, end):
                continue
            index = bisect.bisect_left(starts, start)
            if index > 0 and ends[index - 1] > start:
                continue  # overlaps the span before it
            if index < len(starts) and starts[index] < end:
                continue  # overlaps the span after it
            starts.insert(index, start)
            ends.insert(index, end)
            owners.insert(index, rule)
    findings = []
    line = 1
    counted_to = 0
    for rule, start, end in zip(owners, starts, ends, strict=True):
        line += text.count("\n", counted_to, start)
        counted_to = start
        findings.append(Finding(rule, start, end, line, _excerpt(text, rule, start, end)))
    return findings


def _excerpt(text: str, rule: Rule, start: int, end: int) -> str:
    # Look no further than the excerpt can show: a text without line breaks stays fast.
    line_start = text.rfind("\n", max(0, start - EXCERPT_LENGTH), start) + 1
    if line_start == 0 and start > EXCERPT_LENGTH:
        line_start = start - EXCERPT_LENGTH
    line_end = text.find("\n", start, end + EXCERPT_LENGTH)
    line_end = min(len(text), end + EXCERPT_LENGTH) if line_end == -1 else line_end
    shown = text[line_start:start] + mask(text[start:end], rule)
    if end <= line_end:
        shown += text[end:line_end]
    shown = shown.strip()
    if len(shown) > EXCERPT_LENGTH:
        # Keep the masked secret in view: cut the start of a long line rather than its end.
        masked_at = start - line_start
        if masked_at > EXCERPT_LENGTH // 2:
            shown = "…" + shown[masked_at - EXCERPT_LENGTH // 3 :]
        if len(shown) > EXCERPT_LENGTH:
            shown = shown[: EXCERPT_LENGTH - 1] + "…"
    return shown


def mask(secret: str, rule: Rule) -> str:
    """The kept prefix (never more than the secret minus 8 characters) and ``[REDACTED]``."""
    keep = min(rule.keep, max(0, len(secret) - 8))
    return secret[:keep] + REDACTED


def redact(text: str, findings: Sequence[Finding]) -> str:
    """*text* with every finding replaced by its kept prefix and ``[REDACTED]``."""
    result = []
    position = 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start < position:
            continue
        result.append(text[position : finding.start])
        result.append(mask(text[finding.start : finding.end], finding.rule))
        position = finding.end
    result.append(text[position:])
    return "".join(result)
