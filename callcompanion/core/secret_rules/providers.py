"""Tokens of other providers, written from their documented formats.

AWS, Google Cloud, Azure, GitHub, Slack, Stripe, SendGrid, Twilio, npm, PyPI, HashiCorp Vault
and JSON Web Tokens.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from callcompanion.core.secret_rules.assignments import named
from callcompanion.core.secret_rules.base import Rule, Span, TextView
from callcompanion.core.secret_rules.context import (
    body_not_placeholder,
    is_placeholder,
    not_placeholder,
    random_looking,
    word_start,
)


def _vault_legacy(text: str, start: int, end: int) -> bool:
    body = text[start + 2 : end]
    return word_start(text, start, end) and random_looking(body) and not is_placeholder(body)


def _aws_secret(text: str, start: int, end: int) -> bool:
    value = text[start:end]
    return not is_placeholder(value) and random_looking(value)


_AZURE_SECRET = re.compile(r"[0-9A-Za-z_~.-]{3}[0-9]Q~[0-9A-Za-z_~.-]{31,34}(?![0-9A-Za-z_~.-])")


def _azure_client_secrets(view: TextView) -> Iterator[Span]:
    """``abc8Q~…``: three characters, a digit, ``Q~`` and 31 to 34 more (the documented form)."""
    text = view.text
    position = text.find("Q~")
    while position >= 0:
        start = position - 4
        if start >= 0 and not (
            start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_~.-")
        ):
            match = _AZURE_SECRET.match(text, start)
            if match and not is_placeholder(match.group()):
                yield match.span()
        position = text.find("Q~", position + 2)


PROVIDER_RULES: tuple[Rule, ...] = (
    Rule(
        "aws-access-key-id",
        "AWS access key ID",
        r"(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}(?![A-Za-z0-9])",
        keep=4,
        check=lambda text, start, end: (
            word_start(text, start, end) and not is_placeholder(text[start:end])
        ),
    ),
    Rule(
        "aws-secret-access-key",
        "AWS secret access key",
        finder=named(
            lambda name: name.endswith("secretaccesskey") or name in ("awssecretkey", "awssecret"),
            r"[A-Za-z0-9/+]{40}",
            _aws_secret,
        ),
    ),
    Rule(
        "aws-session-token",
        "AWS session token",
        r"(?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdzE|FQoGZXIvYXdzE)[A-Za-z0-9/+]{80,}={0,2}",
        keywords=("iqojb3jpz2lux2vj", "fwogzxivyxdze", "fqogzxivyxdze"),
        anchored=True,
    ),
    Rule(
        "aws-session-token-setting",
        "AWS session token",
        finder=named(
            lambda name: name.endswith(("sessiontoken", "securitytoken")),
            r"[A-Za-z0-9/+]{60,}={0,2}",
            not_placeholder,
        ),
    ),
    Rule(
        "gcp-api-key",
        "Google Cloud API key",
        r"AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])",
        keep=4,
        keywords=("aiza",),
        check=body_not_placeholder(4),
    ),
    Rule(
        "google-oauth-client-secret",
        "Google OAuth client secret",
        r"GOCSPX-[0-9A-Za-z_-]{28}(?![0-9A-Za-z_-])",
        keep=7,
        keywords=("gocspx-",),
        check=body_not_placeholder(7),
    ),
    Rule(
        "google-oauth-access-token",
        "Google OAuth access token",
        r"ya29\.[0-9A-Za-z_-]{30,}",
        keep=5,
        keywords=("ya29.",),
        check=body_not_placeholder(5),
    ),
    Rule(
        "azure-storage-account-key",
        "Azure storage account key",
        finder=named(
            lambda name: name.endswith(("accountkey", "sharedaccesskey")),
            r"[A-Za-z0-9+/]{40,}={0,2}",
            not_placeholder,
        ),
    ),
    Rule(
        "azure-sas-signature",
        "Azure shared access signature",
        r"sig=(?P<secret>[A-Za-z0-9%+/]{30,}(?:=|%3[Dd]){0,2})",
        check=lambda text, start, end: (
            text[start - 5 : start - 4] in ("?", "&", ";") and not is_placeholder(text[start:end])
        ),
    ),
    Rule(
        "azure-ad-client-secret",
        "Azure AD (Entra ID) client secret",
        keywords=("q~",),
        finder=_azure_client_secrets,
    ),
    Rule(
        "github-token",
        "GitHub token",
        r"gh[pousr]_[0-9A-Za-z]{36,251}(?![0-9A-Za-z])",
        keep=4,
        keywords=("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
        check=body_not_placeholder(4),
    ),
    Rule(
        "github-fine-grained-token",
        "GitHub fine-grained token",
        r"github_pat_[0-9A-Za-z_]{60,255}",
        keep=11,
        keywords=("github_pat_",),
        check=body_not_placeholder(11),
    ),
    Rule(
        "slack-token",
        "Slack token",
        r"xox(?:[abeoprs]|e\.xox[bp])-[0-9A-Za-z-]{10,250}",
        keep=5,
        keywords=("xox",),
        check=body_not_placeholder(5),
    ),
    Rule(
        "slack-app-token",
        "Slack app-level token",
        r"xapp-\d-[0-9A-Z]{8,14}-\d{8,16}-[0-9a-f]{32,80}",
        keep=5,
        keywords=("xapp-",),
    ),
    Rule(
        "slack-webhook",
        "Slack webhook address",
        r"hooks\.slack\.com/(?:services|workflows|triggers)/(?P<secret>[A-Za-z0-9/_+-]{20,120})",
        keywords=("hooks.slack.com",),
        check=not_placeholder,
    ),
    Rule(
        "stripe-secret-key",
        "Stripe secret key",
        r"(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{20,247}",
        keep=8,
        keywords=("k_live_", "k_test_"),
        anchored=True,
        lead=1,
        check=body_not_placeholder(8),
    ),
    Rule(
        "stripe-webhook-secret",
        "Stripe webhook signing secret",
        r"whsec_[0-9A-Za-z]{24,}",
        keep=6,
        keywords=("whsec_",),
        check=body_not_placeholder(6),
    ),
    Rule(
        "sendgrid-api-key",
        "SendGrid API key",
        r"SG\.[0-9A-Za-z_-]{16,32}\.[0-9A-Za-z_-]{30,64}",
        keep=3,
        keywords=("sg.",),
        check=body_not_placeholder(3),
    ),
    Rule(
        "twilio-api-key",
        "Twilio API key",
        r"SK[0-9a-f]{32}(?![0-9A-Za-z])",
        keep=2,
        keywords=("sk",),
        check=word_start,
    ),
    Rule(
        "twilio-auth-token",
        "Twilio auth token",
        finder=named(lambda name: name.startswith("twilio") and "sid" not in name, r"[0-9a-f]{32}"),
    ),
    Rule(
        "npm-token",
        "Access token for npm",
        r"npm_[0-9A-Za-z]{36}(?![0-9A-Za-z])",
        keep=4,
        keywords=("npm_",),
        check=body_not_placeholder(4),
    ),
    Rule(
        "pypi-token",
        "PyPI API token",
        r"pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[0-9A-Za-z_-]{40,}",
        keep=5,
        keywords=("pypi-age",),
    ),
    Rule(
        "vault-token",
        "HashiCorp Vault token",
        r"hv[sbr]\.[0-9A-Za-z_-]{24,}",
        keep=4,
        keywords=("hvs.", "hvb.", "hvr."),
        check=body_not_placeholder(4),
    ),
    Rule(
        "vault-token-legacy",
        "HashiCorp Vault token",
        r"s\.[0-9A-Za-z]{24}",
        keep=0,
        keywords=("s.",),
        check=_vault_legacy,
    ),
    Rule(
        "terraform-cloud-token",
        "Terraform Cloud token",
        r"[0-9A-Za-z]{14}\.atlasv1\.[0-9A-Za-z_-]{60,}",
        keywords=(".atlasv1.",),
        anchored=True,
        lead=14,
    ),
    Rule(
        "jwt",
        "JSON Web Token",
        r"eyJ[0-9A-Za-z_-]{8,}\.eyJ[0-9A-Za-z_-]{8,}\.[0-9A-Za-z_-]*",
        keywords=("eyj",),
    ),
)
