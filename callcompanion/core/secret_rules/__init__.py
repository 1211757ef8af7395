"""What a credential looks like when a customer shows it on a screen share.

The rules are written from the token formats the providers document (GitLab's token prefixes,
AWS, Google Cloud, Azure, GitHub, Slack, Stripe, SendGrid, Twilio, npm, PyPI, HashiCorp Vault)
and from the generic shapes credentials take in commands, config files, logs and URLs:
``key = value`` settings whose name says *password*, *secret* or *token*, ``Authorization``
headers, passwords in URLs, private key blocks, JWTs, ``.netrc`` entries, Docker's
``config.json`` and Kubernetes ``Secret`` objects.

Context keeps ordinary support text quiet: placeholders (``XXXX``, ``<token>``, ``***``,
``[REDACTED]``, ``${VAR}``) are never findings, and a value is judged by its randomness only
where its name says it is a secret, so commit SHAs, UUIDs, checksums and job ids in ordinary
sentences are left alone.

Every rule carries an id, a plain-language title for the engineer and how many leading
characters of the secret may stay visible (a documented, non-secret prefix such as ``glpat-``).
"""

from __future__ import annotations

from callcompanion.core.secret_rules.assignments import (
    SETTING_RULES,
    Assignment,
    assignments,
    name_kind,
)
from callcompanion.core.secret_rules.base import Check, Finder, Rule, Span, TextView
from callcompanion.core.secret_rules.context import entropy, is_placeholder
from callcompanion.core.secret_rules.gitlab import GITLAB_PREFIXES, GITLAB_RULES
from callcompanion.core.secret_rules.providers import PROVIDER_RULES
from callcompanion.core.secret_rules.shapes import SHAPE_RULES, STRUCTURE_RULES

# The order matters: where two rules find the same secret, the first (more specific) one names it.
RULES: tuple[Rule, ...] = (
    *GITLAB_RULES,
    *PROVIDER_RULES,
    *SHAPE_RULES,
    *STRUCTURE_RULES,
    *SETTING_RULES,
)

__all__ = [
    "GITLAB_PREFIXES",
    "GITLAB_RULES",
    "PROVIDER_RULES",
    "RULES",
    "SETTING_RULES",
    "SHAPE_RULES",
    "STRUCTURE_RULES",
    "Assignment",
    "Check",
    "Finder",
    "Rule",
    "Span",
    "TextView",
    "assignments",
    "entropy",
    "is_placeholder",
    "name_kind",
]
