"""Settings whose name says *password*, *secret* or *token*: ``name = value`` in its spellings.

A value is judged by its randomness only where its name says it is a secret, so commit SHAs,
UUIDs, checksums and job ids in ordinary sentences are left alone.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from callcompanion.core.secret_rules.base import Check, Finder, Rule, Span, TextView
from callcompanion.core.secret_rules.context import (
    NOT_A_VALUE,
    entropy,
    is_placeholder,
    random_looking,
)


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


def assignments(view: TextView) -> list[Assignment]:
    """Every setting in the text (computed once per text: ``view.memo(assignments)``)."""
    return list(_find_assignments(view))


def named(name: Callable[[str], bool], value: str, check: Check | None = None) -> Finder:
    """Values of settings whose plain name passes *name* and whose value matches *value*."""
    shape = re.compile(value)

    def find(view: TextView) -> Iterator[Span]:
        for item in view.memo(assignments):
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


def plausible_value(value: str, *, password: bool) -> bool:
    """Could *value* be a real password or secret (not a placeholder, variable or word)?"""
    value = value.strip()
    if len(value) < (6 if password else 8) or is_placeholder(value):
        return False
    lowered = value.lower()
    if lowered in NOT_A_VALUE or " " in value:
        return False
    if "://" in value or value.startswith(("@", "ENV[", "env(", "os.", "process.")):
        return False
    if _PATH.fullmatch(value):
        return False
    if password:
        return not (value.isalpha() and value.islower() and len(value) < 12)
    if value.isdigit():
        return False
    return random_looking(value) or (len(value) >= 16 and entropy(value) >= 3.5)


# -- settings with secret-like names ------------------------------------------------------------


def _settings(password: bool) -> Finder:
    def find(view: TextView) -> Iterator[Span]:
        for item in view.memo(assignments):
            kind = name_kind(item.name)
            if kind is None or (kind == "password") is not password:
                continue
            if plausible_value(item.value, password=password):
                yield item.value_start, item.value_end

    return find


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
