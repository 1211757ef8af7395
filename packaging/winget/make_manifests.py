"""The winget manifests of a release: the multi-file form winget-pkgs takes (schema 1.12.0).

``render(release)`` returns ``{file name: text}`` for the three files of one version:

- ``<id>.yaml`` (version): the identifier, the version and the default locale;
- ``<id>.installer.yaml``: the Inno Setup installer, per user (winget passes ``/CURRENTUSER``),
  its URL and SHA-256, and the product code Windows lists it under (``{AppId}_is1``), so winget
  recognises an install made from the downloaded setup too;
- ``<id>.locale.en-US.yaml`` (defaultLocale): publisher, name, licence, descriptions, links.

They go to ``manifests/<first letter>/<publisher>/<name>/<version>/`` in winget-pkgs, or any
folder for ``winget install --manifest <folder>``. ``parse`` reads back the YAML subset written
here and ``problems_in`` checks a manifest against packaging/winget/schema.json, the required
fields and patterns of the real schema (which cannot be downloaded in an offline CI run).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from release_manifests import Release

SCHEMA_FILE = Path(__file__).with_name("schema.json")
MANIFEST_VERSION = "1.12.0"
LOCALE = "en-US"
TAGS = ["call-timer", "zendesk", "support", "checklist", "tray", "timer"]

# Plain (unquoted) YAML scalars are kept to words, URLs and the like; anything that a YAML reader
# could take for a number, a date, a boolean or null is written in double quotes (JSON escapes,
# which YAML's double-quoted style shares).
_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 ._/:+,()'@-]*$")
_SPECIAL = {"true", "false", "yes", "no", "on", "off", "null", "y", "n"}
_KEY_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9]*):(?: (.*))?$")


def package_identifier(release: Release) -> str:
    publisher = re.sub(r"[^A-Za-z0-9-]", "", release.app.publisher) or release.app.name
    return f"{publisher}.{release.app.name}"


def render(release: Release) -> dict[str, str]:
    app = release.app
    identifier = package_identifier(release)
    common: dict[str, Any] = {"PackageIdentifier": identifier, "PackageVersion": release.version}
    product_code = f"{app.windows_app_id}_is1"
    installer: dict[str, Any] = {
        **common,
        "InstallerLocale": LOCALE,
        "MinimumOSVersion": _four_part(app.windows_minimum),
        "InstallerType": "inno",
        "Scope": "user",
        "InstallModes": ["interactive", "silent", "silentWithProgress"],
        "UpgradeBehavior": "install",
        "ProductCode": product_code,
    }
    if release.release_date:
        installer["ReleaseDate"] = release.release_date
    installer.update(
        {
            "AppsAndFeaturesEntries": [
                {"DisplayName": app.name, "Publisher": app.publisher, "ProductCode": product_code}
            ],
            "Installers": [
                {
                    "Architecture": "x64",
                    "InstallerUrl": release.windows_x64.url,
                    "InstallerSha256": release.windows_x64.sha256.upper(),
                }
            ],
        }
    )
    locale: dict[str, Any] = {
        **common,
        "PackageLocale": LOCALE,
        "Publisher": app.publisher,
        "PublisherUrl": release.homepage,
        "PackageName": app.name,
        "PackageUrl": release.homepage,
        "License": app.license,
        "ShortDescription": app.summary,
        "Description": app.description,
        "Moniker": app.name,
        "Tags": TAGS,
        "ReleaseNotesUrl": release.release_notes_url,
    }
    version: dict[str, Any] = {**common, "DefaultLocale": LOCALE}
    return {
        f"{identifier}.yaml": _document("version", version),
        f"{identifier}.installer.yaml": _document("installer", installer),
        f"{identifier}.locale.{LOCALE}.yaml": _document("defaultLocale", locale),
    }


def _four_part(version: str) -> str:
    parts = version.split(".")
    return ".".join(parts + ["0"] * (4 - len(parts)))


def _document(manifest_type: str, fields: dict[str, Any]) -> str:
    fields = {**fields, "ManifestType": manifest_type, "ManifestVersion": MANIFEST_VERSION}
    schema = (
        f"https://aka.ms/winget-manifest.{manifest_type.lower()}.{MANIFEST_VERSION}.schema.json"
    )
    header = [
        "# Written by packaging/release_manifests.py.",
        f"# yaml-language-server: $schema={schema}",
        "",
    ]
    return "\n".join(header + _mapping(fields, 0)) + "\n"


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if not isinstance(value, str):
        raise TypeError(f"a manifest value must be a string or a boolean, not {value!r}")
    plain = (
        _PLAIN.match(value)
        and value.lower() not in _SPECIAL
        and ": " not in value
        and " #" not in value
        and not value.endswith((":", " "))
    )
    return value if plain else json.dumps(value, ensure_ascii=False)


def _mapping(fields: dict[str, Any], indent: int) -> list[str]:
    pad = " " * indent
    lines = []
    for key, value in fields.items():
        if isinstance(value, dict):
            lines.append(f"{pad}{key}:")
            lines.extend(_mapping(value, indent + 2))
        elif isinstance(value, list):
            lines.append(f"{pad}{key}:")
            for item in value:
                if isinstance(item, dict):
                    item_lines = _mapping(item, indent + 2)
                    item_lines[0] = f"{pad}- {item_lines[0].lstrip()}"
                    lines.extend(item_lines)
                else:
                    lines.append(f"{pad}- {_scalar(item)}")
        else:
            lines.append(f"{pad}{key}: {_scalar(value)}")
    return lines


class ManifestSyntaxError(ValueError):
    """The text is not in the YAML subset the manifests are written in."""


def parse(text: str) -> dict[str, Any]:
    """Read a manifest written by ``render``: block mappings and lists, plain or JSON scalars."""
    lines: list[tuple[int, int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if "\t" in raw[: len(raw) - len(raw.lstrip())]:
            raise ManifestSyntaxError(f"line {number}: a tab in the indentation")
        lines.append((number, len(raw) - len(raw.lstrip(" ")), stripped))
    if not lines:
        raise ManifestSyntaxError("the manifest is empty")
    if lines[0][1] != 0:
        raise ManifestSyntaxError(f"line {lines[0][0]}: the document must start unindented")
    value, end = _parse_mapping(lines, 0, 0)
    if end != len(lines):
        raise ManifestSyntaxError(f"line {lines[end][0]}: unexpected indentation")
    return value


def _parse_mapping(
    lines: list[tuple[int, int, str]], index: int, indent: int
) -> tuple[dict[str, Any], int]:
    result: dict[str, Any] = {}
    while index < len(lines) and lines[index][1] == indent:
        number, _, text = lines[index]
        match = _KEY_LINE.match(text)
        if not match:
            raise ManifestSyntaxError(f"line {number}: expected 'Key: value', got {text!r}")
        key, rest = match.group(1), match.group(2)
        if key in result:
            raise ManifestSyntaxError(f"line {number}: {key} appears twice")
        index += 1
        if rest is not None and rest.strip():
            result[key] = _parse_scalar(rest.strip(), number)
            continue
        if index < len(lines) and lines[index][1] > indent:
            result[key], index = _parse_block(lines, index, lines[index][1])
        elif index < len(lines) and lines[index][1] == indent and lines[index][2].startswith("- "):
            result[key], index = _parse_list(lines, index, indent)
        else:
            raise ManifestSyntaxError(f"line {number}: {key} has no value")
    return result, index


def _parse_block(lines: list[tuple[int, int, str]], index: int, indent: int) -> tuple[Any, int]:
    if lines[index][2].startswith("- "):
        return _parse_list(lines, index, indent)
    return _parse_mapping(lines, index, indent)


def _parse_list(
    lines: list[tuple[int, int, str]], index: int, indent: int
) -> tuple[list[Any], int]:
    items: list[Any] = []
    while index < len(lines) and lines[index][1] == indent and lines[index][2].startswith("- "):
        number, _, text = lines[index]
        content = text[2:].strip()
        if _KEY_LINE.match(content):
            # "- Key: value" opens a mapping whose keys line up with "Key".
            lines = [*lines[:index], (number, indent + 2, content), *lines[index + 1 :]]
            item, index = _parse_mapping(lines, index, indent + 2)
            items.append(item)
        else:
            items.append(_parse_scalar(content, number))
            index += 1
    return items, index


def _parse_scalar(text: str, number: int) -> str | bool:
    if text.startswith('"'):
        try:
            value = json.loads(text)
        except json.JSONDecodeError as error:
            raise ManifestSyntaxError(f"line {number}: bad quoted string: {error}") from None
        if not isinstance(value, str):
            raise ManifestSyntaxError(f"line {number}: not a string: {text!r}")
        return value
    if text in ("true", "false"):
        return text == "true"
    if not _PLAIN.match(text) or text.lower() in _SPECIAL or ": " in text or " #" in text:
        raise ManifestSyntaxError(f"line {number}: {text!r} must be quoted")
    return text


def load_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return schema


def problems_in(document: dict[str, Any], schema: dict[str, Any] | None = None) -> list[str]:
    """What in a parsed manifest breaks the schema's rules (empty when it is valid)."""
    schema = schema or load_schema()
    manifest_type = document.get("ManifestType")
    if manifest_type not in schema["manifests"]:
        return [f"ManifestType {manifest_type!r} is not one of {sorted(schema['manifests'])}"]
    problems: list[str] = []
    _check(document, schema["manifests"][manifest_type], schema["definitions"], "", problems)
    if document.get("ManifestVersion") != schema["manifestVersion"]:
        problems.append(f"ManifestVersion is not {schema['manifestVersion']}")
    return problems


_TYPES: dict[str, type] = {"string": str, "boolean": bool, "array": list, "object": dict}


def _check(
    value: Any, rule: dict[str, Any], definitions: dict[str, Any], where: str, out: list[str]
) -> None:
    if "$ref" in rule:
        rule = {**definitions[rule["$ref"]], **{k: v for k, v in rule.items() if k != "$ref"}}
    name = where or "the manifest"
    expected = _TYPES[rule["type"]]
    if not isinstance(value, expected):
        out.append(f"{name} must be a {rule['type']}, not {value!r}")
        return
    if "const" in rule and value != rule["const"]:
        out.append(f"{name} must be {rule['const']!r}, not {value!r}")
    if "enum" in rule and value not in rule["enum"]:
        out.append(f"{name} must be one of {rule['enum']}, not {value!r}")
    if isinstance(value, str):
        if "pattern" in rule and not re.search(rule["pattern"], value):
            out.append(f"{name} {value!r} does not match {rule['pattern']}")
        if len(value) < rule.get("minLength", 0):
            out.append(f"{name} is shorter than {rule['minLength']} characters")
        if len(value) > rule.get("maxLength", len(value)):
            out.append(f"{name} is longer than {rule['maxLength']} characters")
    elif isinstance(value, list):
        if len(value) < rule.get("minItems", 0):
            out.append(f"{name} needs at least {rule['minItems']} item(s)")
        if len(value) > rule.get("maxItems", len(value)):
            out.append(f"{name} has more than {rule['maxItems']} items")
        if rule.get("uniqueItems") and len({json.dumps(v) for v in value}) != len(value):
            out.append(f"{name} has duplicate items")
        for position, item in enumerate(value):
            _check(item, rule["items"], definitions, f"{name}[{position}]", out)
    elif isinstance(value, dict):
        prefix = f"{where}." if where else ""
        for key in rule.get("required", []):
            if key not in value:
                out.append(f"{prefix}{key} is required")
        properties = rule.get("properties", {})
        for key, item in value.items():
            if key in properties:
                _check(item, properties[key], definitions, f"{prefix}{key}", out)
            elif rule.get("additionalProperties") is False:
                out.append(f"{prefix}{key} is not a field of this manifest")
