"""Secret scanning and redaction.

Every token here is generated at run time (tests/secrets_corpus), at its real length, so this
file holds none and partial redaction of long tokens is exercised.
"""

from __future__ import annotations

import re
import warnings

import pytest

from callcompanion.core.secret_rules import is_placeholder, name_kind
from callcompanion.core.secrets_scan import REDACTED, RULES, pat_prefix_rules, redact, scan
from tests.secrets_corpus import (
    ALNUM,
    LEAK_WINDOW,
    Gen,
    Sample,
    Secret,
    credentials,
    leaked,
    score,
    summaries,
)

CREDENTIALS = credentials()
SUMMARIES = summaries()


def gen() -> Gen:
    return Gen(7)


def only(text: str) -> tuple[str, str]:
    """The one finding in *text*: its rule id and the secret it covers."""
    (finding,) = scan(text)
    return finding.rule.id, text[finding.start : finding.end]


def test_every_rule_compiles_without_warnings_and_has_a_name_in_words() -> None:
    re.purge()  # an earlier test may have compiled (and cached) these patterns already
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids)), "rule ids are unique"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for rule in RULES:
            assert rule.pattern or rule.finder, rule.id
            if rule.pattern:
                re.compile(rule.pattern)
            assert " " in rule.title, rule.id
            assert rule.title[0].isupper(), rule.id
            assert all(word == word.lower() for word in rule.keywords), rule.id


# Shapes the corpus does not hold, so that every rule has a case of its own here.
def _extra_cases() -> list[tuple[str, str, Secret]]:
    g = gen()
    routable = g.routable("glrtr-", 30)
    workspace = "glwt-" + g.b64url(24)
    session = g.b64(300)
    webhook = "whsec_" + g.alnum(32)
    putty_lines = [g.b64(64) for _ in range(4)]
    putty = "\n".join(putty_lines)
    return [
        ("gitlab-runner-token-routable", f"token = {routable}", Secret(routable, "glrtr-")),
        (
            "gitlab-workspace-token",
            f"workspace token {workspace} leaked",
            Secret(workspace, "glwt-"),
        ),
        ("aws-session-token-setting", f"aws_session_token = {session}", Secret(session)),
        ("stripe-webhook-secret", f"STRIPE_WEBHOOK={webhook}", Secret(webhook, "whsec_")),
        (
            "putty-private-key",
            "PuTTY-User-Key-File-3: ssh-rsa\nEncryption: none\nPublic-Lines: 2\nAAAA\nAAAA\n"
            f"Private-Lines: 4\n{putty}\nPrivate-MAC: 00",
            Secret(putty_lines[1]),
        ),
    ]


EXTRA = _extra_cases()


@pytest.mark.parametrize(("rule_id", "text", "secret"), EXTRA, ids=[c[0] for c in EXTRA])
def test_shapes_beyond_the_corpus_are_found_and_redacted_whole(
    rule_id: str, text: str, secret: Secret
) -> None:
    findings = scan(text)
    assert rule_id in {f.rule.id for f in findings}
    assert not leaked(secret, redact(text, findings))


def test_every_rule_finds_something_in_the_corpus_or_its_own_case() -> None:
    hit = {f.rule.id for sample in CREDENTIALS for f in scan(sample.text)}
    hit |= {rule_id for rule_id, _text, _secret in EXTRA}
    assert [rule.id for rule in RULES if rule.id not in hit] == []


@pytest.mark.parametrize("sample", CREDENTIALS, ids=[s.name for s in CREDENTIALS])
def test_each_credential_in_context_is_found_and_removed_whole(sample: Sample) -> None:
    findings = scan(sample.text)
    assert findings, "not found"
    cleaned = redact(sample.text, findings)
    for secret in sample.secrets:
        assert not leaked(secret, cleaned), f"{secret.value[:12]}… left in the redacted text"
    for finding in findings:
        assert REDACTED in finding.excerpt
        shown = sample.text[finding.start : finding.end]
        assert shown[finding.rule.keep :][:LEAK_WINDOW] not in finding.excerpt
    assert scan(cleaned) == [], "redacted text is quiet"
    # The rest of the text is untouched: the first and last lines (greeting, signature) stay.
    lines = sample.text.splitlines()
    assert cleaned.splitlines()[0] == lines[0]
    assert cleaned.splitlines()[-1] == lines[-1]


@pytest.mark.parametrize("sample", SUMMARIES, ids=[s.name for s in SUMMARIES])
def test_ordinary_summaries_raise_nothing(sample: Sample) -> None:
    assert [(f.rule.id, f.excerpt) for f in scan(sample.text)] == []


def test_the_corpus_is_big_enough_and_the_scanner_meets_its_targets() -> None:
    assert len(CREDENTIALS) >= 60
    assert len(SUMMARIES) >= 80
    result = score(
        lambda text: bool(scan(text)),
        lambda text: redact(text, scan(text)),
        CREDENTIALS,
        SUMMARIES,
    )
    assert result.detection >= 0.98, result.missed
    assert result.false_positive_rate <= 0.01, result.noisy
    assert result.redaction == 1.0, result.leaking


def test_tokens_are_realistic_lengths_not_the_minimum_a_rule_accepts() -> None:
    lengths = [len(secret.value) for sample in CREDENTIALS for secret in sample.secrets]
    assert max(lengths) >= 700, "an STS session token is long"
    routable = next(s for s in CREDENTIALS if s.name == "glrt-routable-config-toml")
    assert len(routable.secrets[0].value) > 40


def test_the_cases_that_leaked_before_are_removed_whole() -> None:
    g = gen()
    aws = g.b64(40)
    sts = "IQoJb3JpZ2luX2Vj" + g.b64(600)
    runner = g.routable("glrt-t1_", 27)
    password = "Pa55" + "@" + g.alnum(12)
    text = (
        f"aws_secret_access_key = {aws}\nexport AWS_SESSION_TOKEN={sts}\n"
        f"token = {runner}\nDATABASE_URL=postgresql://gitlab:{password}@db.internal:5432/gitlab"
    )
    cleaned = redact(text, scan(text))
    assert cleaned == (
        f"aws_secret_access_key = {REDACTED}\nexport AWS_SESSION_TOKEN={REDACTED}\n"
        f"token = glrt-{REDACTED}\nDATABASE_URL=postgresql://gitlab:{REDACTED}@db.internal:5432/gitlab"
    )


@pytest.mark.parametrize("after", [".", ",", ")", "", "\n", '"'])
def test_a_jwt_is_found_whatever_follows_it(after: str) -> None:
    token = gen().jwt()
    assert only(f"(token {token}{after} end") == ("jwt", token)


def test_redaction_keeps_only_the_documented_prefix() -> None:
    g = gen()
    token = g.routable("glpat-", 40)
    aws = "AKIA" + g.mixed("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)
    text = f"PAT {token}, key {aws}, password https://root:{g.password(14)}@db.example/x"
    findings = scan(text)
    assert [f.rule.id for f in findings] == ["gitlab-pat", "aws-access-key-id", "url-password"]
    assert redact(text, findings) == (
        f"PAT glpat-{REDACTED}, key AKIA{REDACTED}, password https://root:{REDACTED}@db.example/x"
    )


def test_a_private_key_keeps_its_begin_and_end_lines_and_loses_the_rest() -> None:
    g = gen()
    body = "\n".join(g.b64(70) for _ in range(5))
    key = f"-----BEGIN OPENSSH PRIVATE KEY-----\n{body}\n-----END OPENSSH PRIVATE KEY-----"
    text = f"Key on screen:\n{key}\nDone."
    (finding,) = scan(text)
    assert finding.rule.id == "private-key"
    assert finding.line == 3
    assert redact(text, [finding]) == (
        "Key on screen:\n-----BEGIN OPENSSH PRIVATE KEY-----\n"
        f"{REDACTED}\n-----END OPENSSH PRIVATE KEY-----\nDone."
    )


@pytest.mark.parametrize(
    "text",
    [
        "glpat-XXXXXXXXXXXXXXXXXXXX",
        "glpat-xxxxxxxxxxxxxxxxxxxxxxxxxx",
        "PRIVATE-TOKEN: <your_access_token>",
        "password: ********",
        "AWS_SECRET_ACCESS_KEY=[REDACTED]",
        "export GITLAB_TOKEN=${CI_JOB_TOKEN}",
        "https://gitlab-ci-token:${CI_JOB_TOKEN}@gitlab.example.com/group/app.git",
        "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
        "Authorization: Bearer $TOKEN",
        "sk_live_" + "0" * 24,
        "api_key: your-api-key-here",
    ],
)
def test_placeholders_are_not_secrets(text: str) -> None:
    assert scan(text) == []


def test_hashes_and_ids_in_their_usual_places_are_not_secrets() -> None:
    g = gen()
    text = (
        f"Branch secret-rotation: {g.hex(40)}\nfix/token-refresh: {g.hex(40)}\n"
        f"commit token_fix {g.hex(40)}\nrequest id {g.uuid()}\nsha256:{g.hex(64)}\n"
        "token_expires_at: 2025-01-01\npassword_expiration_days: 90\n"
        "Gitlab::Auth::UnauthorizedError"
    )
    assert scan(text) == []


def test_entropy_counts_only_where_a_name_says_secret() -> None:
    g = gen()
    random_value = g.alnum(40)
    assert scan(f"The build artifact is {random_value}.") == []
    assert only(f"deploy_secret: {random_value}") == ("secret-setting", random_value)
    assert scan("deploy_secret: rotated") == [], "a word is not a secret"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("DB_PASSWORD", "password"),
        ("gitlab_rails['smtp_password']", "password"),
        ("sql_user_password", "password"),
        ("secret_access_key", "secret"),
        ("SecretAccessKey", "secret"),
        ("_authToken", "secret"),
        ("RENOVATE_TOKEN", "secret"),
        ("otp_key_base", "secret"),
        ("token_expires_at", None),
        ("password_expiration_days", None),
        ("access_key_id", None),
        ("keyboard", None),
        ("author", None),
    ],
)
def test_what_a_name_says_about_its_value(name: str, kind: str | None) -> None:
    assert name_kind(name) == kind


def test_placeholder_detection() -> None:
    assert is_placeholder("XXXXXXXXXXXXXXXX")
    assert is_placeholder("<token>")
    assert is_placeholder("${TOKEN}")
    assert not is_placeholder(gen().alnum(24))


def test_an_instance_can_add_its_own_token_prefixes() -> None:
    custom = "acme_" + gen().alnum(30)
    assert scan(f"token {custom}") == []
    rules = (*RULES, *pat_prefix_rules(["acme_", " "]))
    (finding,) = scan(f"token {custom}", rules)
    assert finding.title == "Token with the prefix acme_"
    assert redact(f"token {custom}", [finding]) == f"token acme_{REDACTED}"


def test_a_prefix_inside_a_word_is_still_found() -> None:
    token = "SIE-glpat-" + gen().b64url(20)
    (finding,) = scan(f"see {token}")
    assert finding.rule.id == "gitlab-pat"


def test_overlapping_rules_report_one_finding_named_by_the_specific_rule() -> None:
    token = "glpat-" + gen().b64url(20)
    (finding,) = scan(f"https://oauth2:{token}@gitlab.example.com/group/app.git")
    assert finding.rule.id == "gitlab-pat"


def test_line_numbers_and_excerpts_point_at_each_secret() -> None:
    g = gen()
    first, second = "ghp_" + g.alnum(36), "npm_" + g.alnum(36)
    text = f"one\ntwo {first}\nthree\nfour {second} end"
    findings = scan(text)
    assert [(f.line, f.excerpt) for f in findings] == [
        (2, f"two ghp_{REDACTED}"),
        (4, f"four npm_{REDACTED} end"),
    ]


def test_a_long_line_without_breaks_keeps_the_excerpt_short_and_masked() -> None:
    token = "glpat-" + gen().b64url(20)
    text = "x " * 50_000 + token + " y" * 50_000
    (finding,) = scan(text)
    assert finding.excerpt.count(REDACTED) == 1
    assert len(finding.excerpt) <= 160
    assert token[6:] not in finding.excerpt


def test_non_ascii_text_keeps_offsets_right() -> None:
    token = "glpat-" + gen().b64url(20)
    text = "İstanbul office, ẞtraße: " + token
    (finding,) = scan(text)
    assert text[finding.start : finding.end] == token


def test_generated_tokens_never_repeat_across_samples() -> None:
    values = [s.value for sample in CREDENTIALS for s in sample.secrets if len(s.value) > 20]
    assert len(values) == len(set(values))
    assert all(c in ALNUM + "+/=_-.~%@!#*?^" for v in values for c in v)


def test_a_password_with_an_ampersand_goes_whole_but_a_logged_query_keeps_its_next_field() -> None:
    password = gen().password(12, extra="&")
    assert redact(f"Password: {password}", scan(f"Password: {password}")) == f"Password: {REDACTED}"
    logged = f"GET /login?user=ana&password={password}x&next=/ 302"
    (finding,) = scan(logged)
    assert redact(logged, [finding]).endswith(f"password={REDACTED}&next=/ 302")
