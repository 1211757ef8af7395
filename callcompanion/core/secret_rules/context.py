"""Context that keeps ordinary support text quiet: placeholders, randomness, word edges.

The checks here are shared by the rule families: a value that is a stand-in (``XXXX``,
``<token>``, ``${VAR}``) is never a finding, and names alone never make a word a secret.
"""

from __future__ import annotations

import base64
import binascii
import math
import re

from callcompanion.core.secret_rules.base import Check

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
NOT_A_VALUE = frozenset(
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


def not_placeholder(text: str, start: int, end: int) -> bool:
    return not is_placeholder(text[start:end])


def body_not_placeholder(prefix_length: int) -> Check:
    def check(text: str, start: int, end: int) -> bool:
        return not is_placeholder(text[start + prefix_length : end])

    return check


def random_looking(value: str) -> bool:
    has_digit = any(c.isdigit() for c in value)
    has_upper = any(c.isupper() for c in value)
    has_lower = any(c.islower() for c in value)
    return (has_digit + has_upper + has_lower) >= 2 and entropy(value) >= 3.0


def word_start(text: str, start: int, end: int) -> bool:
    """The secret starts a word (``s.`` Vault tokens would otherwise hit inside hostnames)."""
    return (start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "._-")) and (
        end == len(text) or not (text[end].isalnum() or text[end] in "_-")
    )


def _vault_legacy(text: str, start: int, end: int) -> bool:
    body = text[start + 2 : end]
    return word_start(text, start, end) and random_looking(body) and not is_placeholder(body)


def basic_credentials(text: str, start: int, end: int) -> bool:
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


def bearer(text: str, start: int, end: int) -> bool:
    value = text[start:end]
    return not is_placeholder(value) and (
        (any(c.isdigit() for c in value) and any(c.isalpha() for c in value)) or len(value) >= 32
    )
