"""Generic shapes credentials take: headers, URLs, key blocks, ``.netrc``, Docker, Kubernetes."""

from __future__ import annotations

import re
from collections.abc import Iterator

from callcompanion.core.secret_rules.assignments import named, plausible_value
from callcompanion.core.secret_rules.base import Rule, Span, TextView
from callcompanion.core.secret_rules.context import (
    basic_credentials,
    bearer,
    is_placeholder,
    not_placeholder,
    random_looking,
)

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
        check=basic_credentials,
    ),
    Rule(
        "bearer-token",
        "Bearer token in an authorization header",
        r"[Bb]earer\s+(?P<secret>[0-9A-Za-z._~+/-]{16,}=*)",
        keywords=("bearer",),
        anchored=True,
        check=bearer,
    ),
    Rule(
        "token-header",
        "Token in an HTTP header",
        finder=named(
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
                not is_placeholder(text[start:end]) and random_looking(text[start:end])
            ),
        ),
    ),
    Rule(
        "docker-config-auth",
        "Registry password in Docker's config.json",
        r"\"auth\"\s*:\s*\"(?P<secret>[A-Za-z0-9+/]{6,}={0,2})\"",
        keywords=('"auth"',),
        check=basic_credentials,
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
        check=not_placeholder,
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
        check=lambda text, start, end: plausible_value(text[start:end], password=True),
    ),
)


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
