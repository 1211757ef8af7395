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

import base64
import binascii
import functools
import math
import re
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

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
        self._assignments: list[Assignment] | None = None
        self._gitlab: list[tuple[str, int, int]] | None = None

    def find_all(self, word: str) -> Iterator[int]:
        """Offsets of *word* (lower case) in the text, in any case."""
        position = self.lowered.find(word)
        while position >= 0:
            yield position
            position = self.lowered.find(word, position + 1)

    @property
    def gitlab_tokens(self) -> list[tuple[str, int, int]]:
        """Every GitLab-prefixed token, found in one pass: (prefix, start, end)."""
        if self._gitlab is None:
            self._gitlab = [
                (match.group("prefix"), match.start(), match.end())
                for match in _GITLAB_TOKEN.finditer(self.text)
            ]
        return self._gitlab

    @property
    def assignments(self) -> list[Assignment]:
        if self._assignments is None:
            self._assignments = list(_find_assignments(self))
        return self._assignments


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


# -- context: placeholders, randomness --------------------------------------------------------

_PLACEHOLDER_WORDS = (
    "redacted",
    "placeholder",
    "your_",
    "your-",
    "yourtoken",
    "<",
    "{{",
    "${",
    "$(",
    "%(",
    "***",
    "•",
    "…",
    "...",
    "example",
    "dummy",
    "changeit_",
    "replace",
    "insert",
    "xxxx",
)
_NOT_A_VALUE = frozenset(
    [
        "true",
        "false",
        "null",
        "none",
        "nil",
        "yes",
        "no",
        "on",
        "off",
        "empty",
        "unset",
        "set",
        "hidden",
        "masked",
        "present",
        "missing",
        "invalid",
        "expired",
        "revoked",
        "rotated",
        "required",
        "optional",
        "enabled",
        "disabled",
        "default",
        "changed",
        "updated",
        "removed",
        "deleted",
        "same",
        "new",
        "old",
        "here",
        "there",
    ]
)


def is_placeholder(value: str) -> bool:
    """Whether *value* is a stand-in (``glpat-XXXX``, ``<token>``, ``***``, ``${TOKEN}``)."""
    lowered = value.lower()
    if any(word in lowered for word in _PLACEHOLDER_WORDS):
        return True
    if value.startswith("$") or (value.startswith("%") and value.endswith("%")):
        return True  # $TOKEN, %TOKEN% (a variable, not its value)
    core = re.sub(r"[^0-9A-Za-z]", "", value)
    if len(core) >= 6 and len(set(core.lower())) <= 3:
        return True  # aaaaaa, 000000, abababab
    return len(value) > 0 and sum(c in "xX*#0." for c in value) / len(value) >= 0.5


def entropy(value: str) -> float:
    """Shannon entropy in bits per character."""
    if not value:
        return 0.0
    counts: dict[str, int] = {}
    for char in value:
        counts[char] = counts.get(char, 0) + 1
    total = len(value)
    return -sum(n / total * math.log2(n / total) for n in counts.values())


def _not_placeholder(text: str, start: int, end: int) -> bool:
    return not is_placeholder(text[start:end])


def _body_not_placeholder(prefix_length: int) -> Check:
    def check(text: str, start: int, end: int) -> bool:
        return not is_placeholder(text[start + prefix_length : end])

    return check


def _random_looking(value: str) -> bool:
    has_digit = any(c.isdigit() for c in value)
    has_upper = any(c.isupper() for c in value)
    has_lower = any(c.islower() for c in value)
    return (has_digit + has_upper + has_lower) >= 2 and entropy(value) >= 3.0


# -- settings: ``name = value`` in its many spellings ----------------------------------------------


@dataclass(frozen=True)
class Assignment:
    """A setting: ``name = value``, ``"name": "value"``, ``['name'] = 'value'``, ``name: value``."""

    name: str
    value: str
    value_start: int
    value_end: int

    @property
    def plain_name(self) -> str:
        """The name in lower case, without separators (``awssecretaccesskey``)."""
        return _plain(self.name)


@functools.lru_cache(maxsize=4096)
def _plain(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.lower())


# Where a setting may start: a word that makes a name secret-like, then a separator. Run on
# the lower-cased text, since case-insensitive expressions cannot skip ahead quickly.
_CANDIDATE = re.compile(
    r"(?:pass|pwd|secret|token|key|auth|credential|twilio)[\w.-]{0,40}"
    r"(?P<tail>[\"']?\]?\s*(?:=>|:=|=|:(?!:)))"
)
_VALUE = re.compile(
    r"[\"']?\]?\s*(?P<sep>=>|:=|=|:(?!:))[ \t]*(?:"
    r"\"(?P<dq>(?:[^\"\\\n]|\\.){1,400})\"|'(?P<sq>[^'\n]{1,400})'|"
    r"(?P<bare>[^\s\"',;}{)(\]\[<>]{1,400}))"
)
_NEXT_PARAMETER = re.compile(r"&[\w.-]+=")
_CODE_CONTEXT = re.compile(r"(?i)(?:branch|commit|merge|sha|tag|checksum|digest|revision)\W*$")


def _find_assignments(view: TextView) -> Iterator[Assignment]:
    text = view.text
    seen: set[int] = set()
    for candidate in _CANDIDATE.finditer(view.lowered):
        position = candidate.start()
        start = position
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_.-"):
            start -= 1
        if start in seen:
            continue
        seen.add(start)
        if start > 0 and text[start - 1] in "/:":
            continue  # a path, a branch (fix/token-refresh: 3f9a…), a class (Gitlab::Auth)
        name_end = candidate.end() - len(candidate.group("tail"))
        if name_kind(text[start:name_end]) is None:
            continue  # token_expires_at, keyboard: every rule here wants a secret-like name
        match = _VALUE.match(text, name_end)
        if match is None:
            continue
        line_start = text.rfind("\n", max(0, start - 40), start) + 1
        if _CODE_CONTEXT.search(text, max(line_start, start - 40), start):
            continue
        group = "dq" if match.group("dq") else "sq" if match.group("sq") else "bare"
        value = match.group(group)
        if value is None:
            continue
        value_start, value_end = match.span(group)
        if group == "bare":
            query = _NEXT_PARAMETER.search(value)  # password=…&next=/ in a logged URL
            stripped = (value[: query.start()] if query else value).rstrip(".:!?")
            value_end -= len(value) - len(stripped)
            value = stripped
        yield Assignment(text[start:name_end], value, value_start, value_end)


def _named(name: Callable[[str], bool], value: str, check: Check | None = None) -> Finder:
    """Values of settings whose plain name passes *name* and whose value matches *value*."""
    shape = re.compile(value)

    def find(view: TextView) -> Iterator[Span]:
        for item in view.assignments:
            if not (name(item.plain_name) and shape.fullmatch(item.value)):
                continue
            if check is None or check(view.text, item.value_start, item.value_end):
                yield item.value_start, item.value_end

    return find


_KEY_QUALIFIERS = frozenset(
    [
        "api",
        "access",
        "private",
        "secret",
        "signing",
        "encryption",
        "master",
        "account",
        "client",
        "app",
        "service",
        "shared",
        "storage",
        "license",
        "session",
        "otp",
        "db",
        "database",
        "webhook",
        "subscription",
    ]
)
_NAME_ENDINGS_NOT_SECRET = frozenset(
    [
        "id",
        "ids",
        "type",
        "types",
        "expires",
        "expiry",
        "expiration",
        "ttl",
        "lifetime",
        "length",
        "len",
        "count",
        "url",
        "uri",
        "endpoint",
        "file",
        "path",
        "name",
        "names",
        "enabled",
        "enable",
        "disabled",
        "required",
        "reset",
        "policy",
        "hint",
        "header",
        "prefix",
        "scope",
        "scopes",
        "timeout",
        "limit",
        "duration",
        "format",
        "version",
        "algorithm",
        "strategy",
        "mode",
        "at",
        "date",
        "ref",
        "env",
        "provider",
        "field",
        "fields",
        "label",
        "store",
        "manager",
        "helper",
        "method",
        "methods",
        "status",
        "rotation",
        "changed",
        "updated",
        "created",
        "age",
        "min",
        "max",
        "regex",
        "pattern",
        "validation",
        "complexity",
        "description",
        "class",
        "role",
        "user",
        "username",
        "login",
        "email",
        "host",
        "port",
        "server",
        "realm",
        "size",
        "bits",
        "location",
        "dir",
        "days",
        "period",
        "hash",
        "digest",
        "sha",
        "fingerprint",
        "issuer",
        "audience",
        "count",
        "source",
        "sources",
        "less",
        "strength",
    ]
)


def _name_words(name: str) -> list[str]:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    return [w for w in re.split(r"[^0-9A-Za-z]+", spaced.lower()) if w]


def _password_word(word: str) -> bool:
    if word in ("pass", "pwd", "passwd", "pw", "passphrase"):
        return True
    if any(part in word for part in ("password", "passwd", "passphrase")):
        return True
    return word.endswith(("pwd", "pass")) and word not in ("bypass", "compass", "surpass")


@functools.lru_cache(maxsize=4096)
def name_kind(name: str) -> str | None:
    """``"password"``, ``"secret"`` or ``None``: what a setting's name says about its value."""
    words = _name_words(name)
    if not words or words[-1] in _NAME_ENDINGS_NOT_SECRET:
        return None
    if any(_password_word(w) for w in words):
        return "password"
    for index, word in enumerate(words):
        if word.startswith(("secret", "token", "credential", "apikey", "authtoken")):
            return "secret"
        if word.endswith(("token", "secret", "apikey", "accesskey", "secretkey", "privatekey")):
            return "secret"
        if word == "auth" and index == len(words) - 1:
            return "secret"
        if word == "key" and (
            (index > 0 and words[index - 1] in _KEY_QUALIFIERS)
            or (index + 1 < len(words) and words[index + 1] == "base")
        ):
            return "secret"
        if word.endswith("key") and word[:-3] in _KEY_QUALIFIERS:
            return "secret"
    return None


_PATH = re.compile(r"(?:~|\.{1,2})?/(?:[a-z0-9_.@-]{1,64}/)*[A-Za-z0-9_.@-]{0,64}")


def _plausible_value(value: str, *, password: bool) -> bool:
    """Could *value* be a real password or secret (not a placeholder, variable or word)?"""
    value = value.strip()
    if len(value) < (6 if password else 8) or is_placeholder(value):
        return False
    lowered = value.lower()
    if lowered in _NOT_A_VALUE or " " in value:
        return False
    if "://" in value or value.startswith(("@", "ENV[", "env(", "os.", "process.")):
        return False
    if _PATH.fullmatch(value):
        return False
    if password:
        return not (value.isalpha() and value.islower() and len(value) < 12)
    if value.isdigit():
        return False
    return _random_looking(value) or (len(value) >= 16 and entropy(value) >= 3.5)


# -- GitLab -----------------------------------------------------------------------------------

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


def _gitlab_prefixed(prefix: str) -> Finder:
    def find(view: TextView) -> Iterator[Span]:
        for found, start, end in view.gitlab_tokens:
            if found == prefix:
                yield start, end

    return find


def _gitlab_rules() -> tuple[Rule, ...]:
    rules = []
    for rule_id, title, prefix, _minimum in GITLAB_PREFIXES:
        rules.append(
            Rule(
                rule_id,
                title,
                keep=len(prefix),
                keywords=("gl",),
                check=_body_not_placeholder(len(prefix)),
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
            check=_body_not_placeholder(len("GR1348941")),
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


# -- other providers ---------------------------------------------------------------------------


def _word_start(text: str, start: int, end: int) -> bool:
    """The secret starts a word (``s.`` Vault tokens would otherwise hit inside hostnames)."""
    return (start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "._-")) and (
        end == len(text) or not (text[end].isalnum() or text[end] in "_-")
    )


def _vault_legacy(text: str, start: int, end: int) -> bool:
    body = text[start + 2 : end]
    return _word_start(text, start, end) and _random_looking(body) and not is_placeholder(body)


def _basic_credentials(text: str, start: int, end: int) -> bool:
    """Base64 that decodes to ``user:password`` (HTTP Basic, Docker's ``auth``)."""
    value = text[start:end]
    try:
        decoded = base64.b64decode(value + "=" * (-len(value) % 4), validate=True)
    except (binascii.Error, ValueError):
        return False
    try:
        plain = decoded.decode("utf-8")
    except UnicodeDecodeError:
        return False
    user, colon, password = plain.partition(":")
    return bool(colon and password) and plain.isprintable() and not is_placeholder(password)


def _bearer(text: str, start: int, end: int) -> bool:
    value = text[start:end]
    return not is_placeholder(value) and (
        (any(c.isdigit() for c in value) and any(c.isalpha() for c in value)) or len(value) >= 32
    )


def _aws_secret(text: str, start: int, end: int) -> bool:
    value = text[start:end]
    return not is_placeholder(value) and _random_looking(value)


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
            _word_start(text, start, end) and not is_placeholder(text[start:end])
        ),
    ),
    Rule(
        "aws-secret-access-key",
        "AWS secret access key",
        finder=_named(
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
        finder=_named(
            lambda name: name.endswith(("sessiontoken", "securitytoken")),
            r"[A-Za-z0-9/+]{60,}={0,2}",
            _not_placeholder,
        ),
    ),
    Rule(
        "gcp-api-key",
        "Google Cloud API key",
        r"AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])",
        keep=4,
        keywords=("aiza",),
        check=_body_not_placeholder(4),
    ),
    Rule(
        "google-oauth-client-secret",
        "Google OAuth client secret",
        r"GOCSPX-[0-9A-Za-z_-]{28}(?![0-9A-Za-z_-])",
        keep=7,
        keywords=("gocspx-",),
        check=_body_not_placeholder(7),
    ),
    Rule(
        "google-oauth-access-token",
        "Google OAuth access token",
        r"ya29\.[0-9A-Za-z_-]{30,}",
        keep=5,
        keywords=("ya29.",),
        check=_body_not_placeholder(5),
    ),
    Rule(
        "azure-storage-account-key",
        "Azure storage account key",
        finder=_named(
            lambda name: name.endswith(("accountkey", "sharedaccesskey")),
            r"[A-Za-z0-9+/]{40,}={0,2}",
            _not_placeholder,
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
        check=_body_not_placeholder(4),
    ),
    Rule(
        "github-fine-grained-token",
        "GitHub fine-grained token",
        r"github_pat_[0-9A-Za-z_]{60,255}",
        keep=11,
        keywords=("github_pat_",),
        check=_body_not_placeholder(11),
    ),
    Rule(
        "slack-token",
        "Slack token",
        r"xox(?:[abeoprs]|e\.xox[bp])-[0-9A-Za-z-]{10,250}",
        keep=5,
        keywords=("xox",),
        check=_body_not_placeholder(5),
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
        check=_not_placeholder,
    ),
    Rule(
        "stripe-secret-key",
        "Stripe secret key",
        r"(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{20,247}",
        keep=8,
        keywords=("k_live_", "k_test_"),
        anchored=True,
        lead=1,
        check=_body_not_placeholder(8),
    ),
    Rule(
        "stripe-webhook-secret",
        "Stripe webhook signing secret",
        r"whsec_[0-9A-Za-z]{24,}",
        keep=6,
        keywords=("whsec_",),
        check=_body_not_placeholder(6),
    ),
    Rule(
        "sendgrid-api-key",
        "SendGrid API key",
        r"SG\.[0-9A-Za-z_-]{16,32}\.[0-9A-Za-z_-]{30,64}",
        keep=3,
        keywords=("sg.",),
        check=_body_not_placeholder(3),
    ),
    Rule(
        "twilio-api-key",
        "Twilio API key",
        r"SK[0-9a-f]{32}(?![0-9A-Za-z])",
        keep=2,
        keywords=("sk",),
        check=_word_start,
    ),
    Rule(
        "twilio-auth-token",
        "Twilio auth token",
        finder=_named(
            lambda name: name.startswith("twilio") and "sid" not in name, r"[0-9a-f]{32}"
        ),
    ),
    Rule(
        "npm-token",
        "Access token for npm",
        r"npm_[0-9A-Za-z]{36}(?![0-9A-Za-z])",
        keep=4,
        keywords=("npm_",),
        check=_body_not_placeholder(4),
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
        check=_body_not_placeholder(4),
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


# -- generic shapes ---------------------------------------------------------------------------

_KEY_BEGIN = r"-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----"
_KEY_END = r"-----END[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----"


def _private_key_body(text: str, start: int, end: int) -> bool:
    body = re.sub(r"\\[nr]|\s", "", text[start:end])
    return len(body) >= 40 and not is_placeholder(body)


def _url_password(text: str, start: int, end: int) -> bool:
    password = text[start:end]
    return not is_placeholder(password) and password.lower() not in ("password", "pass", "pwd")


SHAPE_RULES: tuple[Rule, ...] = (
    Rule(
        "private-key",
        "Private key",
        # The BEGIN and END lines stay; the key material between them goes, whether its line
        # breaks are real or written \n (a service-account JSON file), even when the END line
        # is not on screen.
        _KEY_BEGIN + r"(?P<secret>(?:[A-Za-z0-9+/=\s]|\\[nr]|(?:Proc-Type|DEK-Info):[^\n\\]*)"
        r"{40,65536}?)(?:" + _KEY_END + r"|(?=[^A-Za-z0-9+/=\s\\])|\Z)",
        keywords=("private key",),
        check=_private_key_body,
    ),
    Rule(
        "putty-private-key",
        "PuTTY private key",
        r"Private-Lines:\s*\d+\s*\n(?P<secret>(?:[A-Za-z0-9+/=]{8,}\r?\n?)+)",
        keywords=("private-lines",),
    ),
    Rule(
        "basic-auth-header",
        "Password in an HTTP Basic authorization header",
        r"[Bb]asic\s+(?P<secret>[A-Za-z0-9+/]{6,}={0,2})(?![A-Za-z0-9+/=])",
        keywords=("basic",),
        anchored=True,
        check=_basic_credentials,
    ),
    Rule(
        "bearer-token",
        "Bearer token in an authorization header",
        r"[Bb]earer\s+(?P<secret>[0-9A-Za-z._~+/-]{16,}=*)",
        keywords=("bearer",),
        anchored=True,
        check=_bearer,
    ),
    Rule(
        "token-header",
        "Token in an HTTP header",
        finder=_named(
            lambda name: (
                name
                in (
                    "privatetoken",
                    "jobtoken",
                    "xapikey",
                    "xauthtoken",
                    "xvaulttoken",
                    "xgitlabtoken",
                    "apikey",
                    "xaccesstoken",
                )
            ),
            r"[^\s\"',;]{8,}",
            lambda text, start, end: (
                not is_placeholder(text[start:end]) and _random_looking(text[start:end])
            ),
        ),
    ),
    Rule(
        "docker-config-auth",
        "Registry password in Docker's config.json",
        r"\"auth\"\s*:\s*\"(?P<secret>[A-Za-z0-9+/]{6,}={0,2})\"",
        keywords=('"auth"',),
        check=_basic_credentials,
    ),
    Rule(
        "url-password",
        "Password in a web address",
        # The password runs to the last @ before the host, so one containing @ goes whole.
        r"://[^\s:/@\"'<>?#=&]{0,128}:"
        r"(?P<secret>[^\s/\"'<>]{1,256})@[0-9A-Za-z\[][0-9A-Za-z.:\[\]-]*",
        keywords=("://",),
        check=_url_password,
    ),
    Rule(
        "netrc-password",
        "Password in a .netrc file",
        r"machine\s+[\w.:-]+\s+login\s+\S+\s+password\s+(?P<secret>\S+)",
        keywords=("machine",),
        anchored=True,
        check=_not_placeholder,
    ),
    Rule(
        "command-line-password",
        "Password on a command line",
        r"(?:--(?:password|passwd|token|api-key|secret|client-secret|auth-token|access-token|"
        r"registration-token|private-token)(?:=|\s+)|mysql(?:dump|admin)?\b[^\n]{0,120}?\s-p"
        r"|login\b[^\n]{0,120}?\s-p\s+|-u\s+[^\s:]+:)"
        r"[\"']?(?P<secret>[^\s\"']{4,})",
        keywords=("--", "mysql", "login", "-u "),
        anchored=True,
        check=lambda text, start, end: _plausible_value(text[start:end], password=True),
    ),
)


# -- settings with secret-like names ------------------------------------------------------------


def _settings(password: bool) -> Finder:
    def find(view: TextView) -> Iterator[Span]:
        for item in view.assignments:
            kind = name_kind(item.name)
            if kind is None or (kind == "password") is not password:
                continue
            if _plausible_value(item.value, password=password):
                yield item.value_start, item.value_end

    return find


# -- Kubernetes Secret objects --------------------------------------------------------------------

_K8S_KIND = re.compile(r"kind[\"']?\s*:\s*[\"']?Secret\b")
_K8S_DATA = re.compile(r"(?m)^(?P<indent>[ \t]*)(?:data|stringData):[ \t]*$")
_K8S_ENTRY = re.compile(
    r"(?m)^(?P<indent>[ \t]+)[\w.-]+:[ \t]*[\"']?(?P<value>[^\"'\n#]*?)[\"']?[ \t]*$"
)
_K8S_JSON_DATA = re.compile(r"\"(?:data|stringData)\"\s*:\s*\{(?P<body>[^{}]*)\}")
_K8S_JSON_ENTRY = re.compile(r"\"[\w.-]+\"\s*:\s*\"(?P<value>[^\"]+)\"")


def _kubernetes_secrets(view: TextView) -> Iterator[Span]:
    text = view.text
    for position in view.find_all("kind"):
        if _K8S_KIND.match(text, position) is None:
            continue
        # The object around it: up to a blank line or a YAML document separator either way.
        before = max(text.rfind("\n\n", 0, position), text.rfind("\n---", 0, position))
        region_start = 0 if before < 0 else before + 1
        after = [i for i in (text.find("\n\n", position), text.find("\n---", position)) if i >= 0]
        region_end = min(after) if after else len(text)
        for data in _K8S_DATA.finditer(text, region_start, region_end):
            indent = len(data.group("indent"))
            entry_at = data.end() + 1
            while entry_at < region_end:
                entry = _K8S_ENTRY.match(text, entry_at, region_end)
                if entry is None or len(entry.group("indent")) <= indent:
                    break
                value = entry.group("value")
                if len(value) >= 4 and not is_placeholder(value):
                    yield entry.span("value")
                entry_at = entry.end() + 1
        for data in _K8S_JSON_DATA.finditer(text, region_start, region_end):
            for entry in _K8S_JSON_ENTRY.finditer(text, *data.span("body")):
                if not is_placeholder(entry.group("value")):
                    yield entry.span("value")


STRUCTURE_RULES: tuple[Rule, ...] = (
    Rule(
        "kubernetes-secret",
        "Value of a Kubernetes Secret",
        keywords=("secret",),
        finder=_kubernetes_secrets,
    ),
)

SETTING_RULES: tuple[Rule, ...] = (
    Rule(
        "password-setting",
        "Password in a setting or command",
        finder=_settings(password=True),
    ),
    Rule(
        "secret-setting",
        "Secret, token or key in a setting",
        finder=_settings(password=False),
    ),
)

# The order matters: where two rules find the same secret, the first (more specific) one names it.
RULES: tuple[Rule, ...] = (
    *_gitlab_rules(),
    *PROVIDER_RULES,
    *SHAPE_RULES,
    *STRUCTURE_RULES,
    *SETTING_RULES,
)
