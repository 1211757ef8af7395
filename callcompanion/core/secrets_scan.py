"""Credentials seen on a screen share must not slip into a public reply.

The rules are ported from gitleaks (https://github.com/gitleaks/gitleaks, config/gitleaks.toml,
Copyright (c) 2019 Zachary Rice, MIT licence; see docs/THIRD_PARTY_NOTICES.md), one by one,
plus the GitLab token prefixes that have no rule of their own and passwords in URLs.

A :class:`Finding` carries the line and the span of the secret itself, so the editor can show
it and :func:`redact` can replace just the secret (``glpat-[REDACTED]``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

REDACTED = "[REDACTED]"


@dataclass(frozen=True)
class Rule:
    """One kind of credential.

    Attributes:
        id: The gitleaks rule id (or our own for the additions).
        title: What it is, for the engineer.
        pattern: The regular expression; group ``secret`` (or the whole match) is the secret.
        keep: How many leading characters of the secret stay visible when redacting (the
            prefix that says what kind of token it was).
    """

    id: str
    title: str
    pattern: str
    keep: int = 0


_TOKEN = r"[0-9a-zA-Z_\-]"

RULES: tuple[Rule, ...] = (
    Rule(
        "gitlab-pat-routable",
        "GitLab personal access token",
        r"(?P<secret>glpat-[0-9a-zA-Z_-]{27,300}\.[0-9a-z]{2}\.?[0-9a-z]{7,9})\b",
        keep=6,
    ),
    Rule("gitlab-pat", "GitLab personal access token", r"(?P<secret>glpat-[\w-]{20})", keep=6),
    Rule("gitlab-oauth-app-secret", "GitLab OAuth secret", rf"gloas-{_TOKEN}{{64}}", keep=6),
    Rule("gitlab-deploy-token", "GitLab deploy token", rf"gldt-{_TOKEN}{{20}}", keep=5),
    Rule("gitlab-runner-auth", "GitLab runner token", rf"glrt-{_TOKEN}{{20}}", keep=5),
    Rule("gitlab-runner-routable", "GitLab runner token", rf"glrtr-{_TOKEN}{{20,}}", keep=6),
    Rule(
        "gitlab-cicd-job-token",
        "GitLab CI/CD job token",
        r"glcbt-[0-9a-zA-Z]{1,5}_[0-9a-zA-Z_-]{20}",
        keep=6,
    ),
    Rule("gitlab-ptt", "GitLab pipeline trigger token", r"glptt-[0-9a-f]{40}", keep=6),
    Rule("gitlab-feed-token", "GitLab feed token", rf"glft-{_TOKEN}{{20}}", keep=5),
    Rule("gitlab-scim-token", "GitLab SCIM token", rf"glsoat-{_TOKEN}{{20}}", keep=7),
    Rule(
        "gitlab-feature-flag-client-token",
        "GitLab feature-flag token",
        rf"glffct-{_TOKEN}{{20}}",
        keep=7,
    ),
    Rule(
        "gitlab-incoming-mail-token", "GitLab incoming mail token", rf"glimt-{_TOKEN}{{25}}", keep=6
    ),
    Rule("gitlab-kubernetes-agent-token", "GitLab agent token", rf"glagent-{_TOKEN}{{50}}", keep=8),
    Rule("gitlab-workspace-token", "GitLab workspace token", rf"glwt-{_TOKEN}{{20,}}", keep=5),
    Rule("gitlab-rrt", "GitLab runner registration token", r"GR1348941[\w-]{20}", keep=9),
    Rule(
        "gitlab-session-cookie",
        "GitLab session cookie",
        r"_gitlab_session=(?P<secret>[0-9a-z]{32})",
    ),
    Rule(
        "aws-access-token",
        "AWS access key",
        r"\b(?P<secret>(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b",
        keep=4,
    ),
    Rule(
        "private-key",
        "Private key",
        r"(?i)-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----[\s\S-]{64,}?"
        r"KEY(?: BLOCK)?-----",
    ),
    Rule(
        "jwt",
        "JSON Web Token",
        r"\b(?P<secret>ey[a-zA-Z0-9]{17,}\.ey[a-zA-Z0-9\/\\_-]{17,}\."
        r"(?:[a-zA-Z0-9\/\\_-]{10,}={0,2})?)(?:[\x60'\"\s;]|\\[nr]|$)",
        keep=2,
    ),
    Rule("github-pat", "GitHub token", r"ghp_[0-9a-zA-Z]{36}", keep=4),
    Rule("github-oauth", "GitHub OAuth token", r"gho_[0-9a-zA-Z]{36}", keep=4),
    Rule("github-app-token", "GitHub app token", r"(?:ghu|ghs)_[0-9a-zA-Z]{36}", keep=4),
    Rule("github-refresh-token", "GitHub refresh token", r"ghr_[0-9a-zA-Z]{36}", keep=4),
    Rule("github-fine-grained-pat", "GitHub token", r"github_pat_\w{82}", keep=11),
    Rule(
        "slack-bot-token",
        "Slack bot token",
        r"xoxb-[0-9]{10,13}-[0-9]{10,13}[a-zA-Z0-9-]*",
        keep=5,
    ),
    Rule(
        "slack-user-token",
        "Slack token",
        r"xox[pe](?:-[0-9]{10,13}){3}-[a-zA-Z0-9-]{28,34}",
        keep=5,
    ),
    Rule(
        "slack-webhook-url",
        "Slack webhook",
        r"(?:https?://)?hooks\.slack\.com/(?:services|workflows|triggers)/"
        r"(?P<secret>[A-Za-z0-9+/]{43,56})",
    ),
    Rule(
        "zendesk-secret-key",
        "Zendesk secret",
        r"(?i)zendesk(?:[\w.-]{0,20})(?:[\s'\"]{0,3})(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)"
        r"(?:[\x60'\"\s=]{0,5})(?P<secret>[a-z0-9]{40})\b",
    ),
    Rule(
        "url-password",
        "Password in a URL",
        r"\b[a-zA-Z][a-zA-Z0-9+.-]{1,20}://[^\s:/@]{1,128}:"
        r"(?!\[REDACTED\]@)(?P<secret>[^\s@/]{1,128})@[^\s/@]",
    ),
)


@dataclass(frozen=True)
class Finding:
    """A secret in a text.

    Attributes:
        rule: Which rule matched.
        start: Offset of the secret in the text.
        end: Offset just past it.
        line: 1-based line number.
        excerpt: The line, with the secret masked (safe to show and log).
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


def pat_prefix_rules(prefixes: Iterable[str]) -> tuple[Rule, ...]:
    """Rules for an instance's own personal-access-token prefixes (``SIE-glpat-`` etc.).

    Prefixes match anywhere in a word, as GitLab lets an instance put its own in front.
    """
    rules = []
    for prefix in prefixes:
        prefix = prefix.strip()
        if prefix:
            rules.append(
                Rule(
                    f"custom-prefix:{prefix}",
                    f"Token with the prefix {prefix}",
                    rf"(?P<secret>{re.escape(prefix)}[\w-]{{20,}})",
                    keep=len(prefix),
                )
            )
    return tuple(rules)


def scan(text: str, rules: Sequence[Rule] = RULES) -> list[Finding]:
    """Every secret in *text*, in order; overlapping matches keep the first rule that found it."""
    found: list[Finding] = []
    taken: list[tuple[int, int]] = []
    for rule in rules:
        for match in _compiled(rule.pattern).finditer(text):
            if "secret" in match.re.groupindex and match.group("secret") is not None:
                start, end = match.span("secret")
            else:
                start, end = match.span()
            if any(start < other_end and other_start < end for other_start, other_end in taken):
                continue
            taken.append((start, end))
            found.append(_finding(text, rule, start, end))
    found.sort(key=lambda f: f.start)
    return found


def _finding(text: str, rule: Rule, start: int, end: int) -> Finding:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    masked = text[line_start:start] + _mask(text[start:end], rule) + text[end:line_end]
    if len(masked) > 160:
        masked = masked[:157] + "…"
    return Finding(rule, start, end, text.count("\n", 0, start) + 1, masked.strip())


def _mask(secret: str, rule: Rule) -> str:
    keep = min(rule.keep, max(0, len(secret) - 4))
    return secret[:keep] + REDACTED


def redact(text: str, findings: Sequence[Finding]) -> str:
    """*text* with every finding replaced by its kept prefix and ``[REDACTED]``."""
    result = []
    position = 0
    for finding in sorted(findings, key=lambda f: f.start):
        result.append(text[position : finding.start])
        result.append(_mask(text[finding.start : finding.end], finding.rule))
        position = finding.end
    result.append(text[position:])
    return "".join(result)
