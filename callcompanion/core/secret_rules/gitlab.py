"""GitLab: every token GitLab issues starts with a documented prefix."""

from __future__ import annotations

import re
from collections.abc import Iterator

from callcompanion.core.secret_rules.base import Finder, Rule, Span, TextView
from callcompanion.core.secret_rules.context import body_not_placeholder

# Every token GitLab issues starts with a documented prefix. Routable tokens (GitLab 17.x and
# later) append ``.<version>.<crc>`` to a longer base64url body; both forms are taken whole.
_GL_BODY = r"[0-9A-Za-z_-]{%d,400}(?:\.[0-9a-z]{2}\.?[0-9a-z]{7,9}(?![\w-]))?"
GITLAB_PREFIXES: tuple[tuple[str, str, str, int], ...] = (
    ("gitlab-pat", "GitLab personal access token", "glpat-", 20),
    ("gitlab-oauth-app-secret", "GitLab OAuth application secret", "gloas-", 20),
    ("gitlab-deploy-token", "GitLab deploy token", "gldt-", 20),
    ("gitlab-runner-token-routable", "GitLab runner authentication token", "glrtr-", 20),
    ("gitlab-runner-token", "GitLab runner authentication token", "glrt-", 20),
    ("gitlab-ci-job-token", "GitLab CI/CD job token", "glcbt-", 20),
    ("gitlab-trigger-token", "GitLab pipeline trigger token", "glptt-", 20),
    ("gitlab-feed-token", "GitLab feed token", "glft-", 20),
    ("gitlab-incoming-mail-token", "GitLab incoming email token", "glimt-", 20),
    ("gitlab-agent-token", "GitLab agent for Kubernetes token", "glagent-", 20),
    ("gitlab-scim-token", "GitLab SCIM token", "glsoat-", 20),
    ("gitlab-feature-flags-token", "GitLab feature flags client token", "glffct-", 20),
    ("gitlab-workspace-token", "GitLab workspace token", "glwt-", 20),
)


# One pass finds them all (longer prefixes first: glrtr- before glrt-).
_GITLAB_TOKEN = re.compile(
    "(?P<prefix>"
    + "|".join(re.escape(p) for p in sorted((g[2] for g in GITLAB_PREFIXES), key=len, reverse=True))
    + ")"
    + _GL_BODY % 20
)


def _gitlab_tokens(view: TextView) -> list[tuple[str, int, int]]:
    """Every GitLab-prefixed token, found in one pass: (prefix, start, end)."""
    return [
        (match.group("prefix"), match.start(), match.end())
        for match in _GITLAB_TOKEN.finditer(view.text)
    ]


def _gitlab_prefixed(prefix: str) -> Finder:
    def find(view: TextView) -> Iterator[Span]:
        for found, start, end in view.memo(_gitlab_tokens):
            if found == prefix:
                yield start, end

    return find


def gitlab_rules() -> tuple[Rule, ...]:
    rules = []
    for rule_id, title, prefix, _minimum in GITLAB_PREFIXES:
        rules.append(
            Rule(
                rule_id,
                title,
                keep=len(prefix),
                keywords=("gl",),
                check=body_not_placeholder(len(prefix)),
                finder=_gitlab_prefixed(prefix),
            )
        )
    rules.append(
        Rule(
            "gitlab-runner-registration-token",
            "GitLab runner registration token",
            r"GR1348941[0-9A-Za-z_-]{20,80}",
            keep=len("GR1348941"),
            keywords=("gr1348941",),
            check=body_not_placeholder(len("GR1348941")),
        )
    )
    rules.append(
        Rule(
            "gitlab-session-cookie",
            "GitLab session cookie",
            r"_gitlab_session=(?P<secret>[0-9a-f]{32})(?![0-9a-f])",
            keywords=("_gitlab_session",),
        )
    )
    return tuple(rules)


GITLAB_RULES: tuple[Rule, ...] = gitlab_rules()
