"""Secret scanning. Fake tokens are assembled at run time, so this file holds none."""

from __future__ import annotations

import re
import warnings

import pytest

from callcompanion.core.secrets_scan import REDACTED, RULES, pat_prefix_rules, redact, scan


def x(n: int, alphabet: str = "a1B2c3D4e5") -> str:
    return (alphabet * (n // len(alphabet) + 1))[:n]


CASES = [
    ("gitlab-pat", "glpat-" + x(20)),
    ("gitlab-pat-routable", "glpat-" + x(30) + ".01" + "abcdefg"),
    ("gitlab-pat-routable", "glpat-" + x(30) + ".01." + "abcdefghi"),
    ("gitlab-oauth-app-secret", "gloas-" + x(64)),
    ("gitlab-deploy-token", "gldt-" + x(20)),
    ("gitlab-runner-auth", "glrt-" + x(20)),
    ("gitlab-runner-routable", "glrtr-" + x(24)),
    ("gitlab-cicd-job-token", "glcbt-" + "a1" + "_" + x(20)),
    ("gitlab-ptt", "glptt-" + x(40, "0123456789abcdef")),
    ("gitlab-feed-token", "glft-" + x(20)),
    ("gitlab-scim-token", "glsoat-" + x(20)),
    ("gitlab-feature-flag-client-token", "glffct-" + x(20)),
    ("gitlab-incoming-mail-token", "glimt-" + x(25)),
    ("gitlab-kubernetes-agent-token", "glagent-" + x(50)),
    ("gitlab-workspace-token", "glwt-" + x(22)),
    ("gitlab-rrt", "GR1348941" + x(20)),
    ("gitlab-session-cookie", "_gitlab_session=" + x(32, "0123456789abcdef")),
    ("aws-access-token", "AKIA" + x(16, "ABCDEFGHIJKLMNOP")),
    ("github-pat", "ghp_" + x(36)),
    ("github-oauth", "gho_" + x(36)),
    ("github-app-token", "ghs_" + x(36)),
    ("github-refresh-token", "ghr_" + x(36)),
    ("github-fine-grained-pat", "github_pat_" + x(82)),
    ("slack-bot-token", "xoxb-" + "1234567890" + "-" + "1234567890123" + "-" + x(24)),
    ("jwt", "ey" + x(20) + ".ey" + x(20) + "." + x(20)),
    ("url-password", "https://admin:" + "s3cr" + "et@gitlab.example.com/api"),
    ("zendesk-secret-key", "zendesk_secret = " + x(40, "abcdef0123")),
]


def test_every_rule_compiles_without_warnings() -> None:
    re.purge()  # an earlier test may have compiled (and cached) these patterns already
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for rule in RULES:
            re.compile(rule.pattern)


@pytest.mark.parametrize(
    ("rule_id", "secret"), CASES, ids=[c[0] + str(i) for i, c in enumerate(CASES)]
)
def test_each_kind_is_found_in_a_sentence(rule_id: str, secret: str) -> None:
    text = f"Thanks for the call.\nThe runner used {secret} for the upgrade.\nBye"
    (finding,) = scan(text)
    assert finding.rule.id == rule_id
    assert finding.line == 2
    assert (
        secret.endswith(text[finding.start : finding.end])
        or text[finding.start : finding.end] in secret
    )
    assert REDACTED in finding.excerpt
    hidden = text[finding.start : finding.end]
    assert hidden[finding.rule.keep + 4 :] not in finding.excerpt


def test_a_private_key_block_is_found_and_redacted_whole() -> None:
    key = (
        "-----BEGIN OPENSSH PRIVATE KEY-----\n"
        + x(70)
        + "\n"
        + x(70)
        + "\n-----END OPENSSH PRIVATE KEY-----"
    )
    text = f"Key on screen:\n{key}\nDone."
    (finding,) = scan(text)
    assert finding.rule.id == "private-key"
    assert finding.line == 2
    cleaned = redact(text, [finding])
    assert x(70) not in cleaned
    assert cleaned == f"Key on screen:\n{REDACTED}\nDone."


def test_redaction_keeps_the_kind_visible_and_the_rest_of_the_text() -> None:
    token = "glpat-" + x(20)
    aws = "AKIA" + x(16, "ABCDEFGHIJKLMNOP")
    text = f"PAT {token}, key {aws}, password https://root:hunter2@db.example/x"
    findings = scan(text)
    assert [f.rule.id for f in findings] == ["gitlab-pat", "aws-access-token", "url-password"]
    cleaned = redact(text, findings)
    assert cleaned == (
        f"PAT glpat-{REDACTED}, key AKIA{REDACTED}, password https://root:{REDACTED}@db.example/x"
    )
    assert scan(cleaned) == []


def test_prefixes_match_inside_a_word_and_instances_can_add_their_own() -> None:
    token = "SIE-glpat-" + x(20)
    assert [f.rule.id for f in scan(f"see {token}")] == ["gitlab-pat"]
    custom = "acme_" + x(24)
    assert scan(f"token {custom}") == []
    rules = RULES + pat_prefix_rules(["acme_", " "])
    (finding,) = scan(f"token {custom}", rules)
    assert finding.title == "Token with the prefix acme_"
    assert redact(f"token {custom}", [finding]) == f"token acme_{REDACTED}"


def test_ordinary_support_text_has_no_findings() -> None:
    text = (
        "We upgraded from 16.11.2 to 17.3.1 using the Omnibus package.\n"
        "Ticket https://example.zendesk.com/agent/tickets/12345, runner glrt-short.\n"
        "Commit 3f9a1c2b4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a.\n"
        "AKIA in lower case: akiaabcdefghijklmnop.\n"
        "Visit https://docs.gitlab.com/ee/ and mailto:ana@example.com\n"
    )
    assert scan(text) == []


def test_overlapping_rules_report_one_finding() -> None:
    routable = "glpat-" + x(30) + ".01" + "abcdefg"
    findings = scan(routable)
    assert len(findings) == 1
    assert findings[0].rule.id == "gitlab-pat-routable"
