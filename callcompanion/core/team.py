"""The team file: what an admin hands out so a new engineer installs, signs in, and is ready.

It sits beside the team's ``checklists.toml`` in the app's config folder and names the team's
Zendesk instances (each with the OAuth client the admin registered for it, or none when the
instance uses API tokens) and, optionally, defaults for settings: the planned length of call
types, the default call type, the tags and ticket statuses set with a summary or a no-show
reply, and whether the app checks for new versions (and where). The format is described in
``docs/team-file.md``.

Reading is strict like the checklists: a file with anything wrong is refused as a whole with a
sentence naming the file, the place and the problem, and the app carries on without it.
:func:`apply_team` fills the team's values into the engineer's settings only where the engineer
has not set anything.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from callcompanion.core.calltypes import CallTypeCatalog, CallTypeError, preset
from callcompanion.core.connections import (
    ConnectionSettingError,
    OAuthClient,
    ZendeskConnection,
    hidden_character,
    is_https_or_loopback,
    make_oauth_client,
    new_connection_id,
    parse_base_url,
)
from callcompanion.core.filelimits import FileLimitError, check_nesting
from callcompanion.core.settings import Settings
from callcompanion.core.ticket import TICKET_STATUSES, is_subdomain

TEAM_FILE_NAME = "team.toml"
# Written in the file for "leave the ticket's status as it is".
UNCHANGED_STATUS = "unchanged"
MAX_INSTANCES = 50

_INSTANCE_KEYS = ("label", "subdomain", "address", "oauth_client_id", "redirect_port", "default")
_TOP_KEYS = (
    "instance",
    "call_types",
    "default_call_type",
    "summary_tags",
    "summary_status",
    "no_show_status",
    "updates",
    "event_types",
    "time_tracking",
    "outcome_tags",
)
_UPDATES_KEYS = ("check", "url")
# [time_tracking] key → setting; [outcome_tags] key → setting.
_TIME_TRACKING_KEYS = {
    "track": "track_time",
    "total_field": "time_total_field",
    "last_update_field": "time_last_update_field",
}
_OUTCOME_TAG_KEYS = {
    "held": "outcome_tag_held",
    "no_show": "outcome_tag_no_show",
    "emergency": "outcome_tag_emergency",
}
# The settings a team file may give a default for (besides the call types' lengths).
_SETTING_KEYS = (
    "default_call_type",
    "summary_tags",
    "summary_status",
    "no_show_status",
    *_TIME_TRACKING_KEYS.values(),
    *_OUTCOME_TAG_KEYS.values(),
)


class TeamFileError(ValueError):
    """The team file is not usable; ``str(err)`` names the file, the place and the problem."""


@dataclass(frozen=True)
class TeamInstance:
    """A Zendesk instance the team works in.

    Attributes:
        label: What the team calls it ("Global", "US Government"); may be empty.
        base_url: The instance's address, as :func:`parse_base_url` gives it.
        oauth: The OAuth client the admin registered for it; ``None``: API tokens.
        default: Whether plain ticket numbers go to this instance.
    """

    label: str
    base_url: str
    oauth: OAuthClient | None = None
    default: bool = False

    def connection(self, connection_id: str) -> ZendeskConnection:
        """A connection to this instance; nobody has signed in yet, so there is no email."""
        return ZendeskConnection(connection_id, self.label, self.base_url, "", self.oauth)


@dataclass(frozen=True)
class TeamUpdates:
    """The team's word on update checks (``[updates]``).

    Attributes:
        check: ``False``: the app never checks for new versions, and Settings says the team
            turned the checks off.
        url: Where to ask instead of the project's releases (an internal mirror answering
            GitHub's releases/latest shape); ``None``: the project's own.
    """

    check: bool = True
    url: str | None = None


@dataclass(frozen=True)
class Team:
    """What a team file says.

    Attributes:
        instances: The team's Zendesk instances, in file order.
        planned_minutes: Planned length by call type key.
        settings: Defaults for settings, by :class:`Settings` field name, in its types.
        updates: Whether (and where) the app checks for new versions.
        event_types: Calendly event type (URI or name) → call type key (``[event_types]``).
    """

    instances: tuple[TeamInstance, ...] = ()
    planned_minutes: Mapping[str, int] = field(default_factory=dict)
    settings: Mapping[str, Any] = field(default_factory=dict)
    updates: TeamUpdates = field(default_factory=TeamUpdates)
    event_types: Mapping[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (
            self.instances
            or self.planned_minutes
            or self.settings
            or self.updates != TeamUpdates()
            or self.event_types
        )


def parse_team(text: str, where: str = TEAM_FILE_NAME) -> Team:
    """Read a team file's text; raises :class:`TeamFileError` with a sentence."""
    prefix = f"The team file {where}"
    try:
        check_nesting(text, toml=True)
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, FileLimitError) as err:
        raise TeamFileError(f"{prefix} cannot be read: {err}.") from err
    except (RecursionError, MemoryError) as err:
        raise TeamFileError(f"{prefix} cannot be read: it is nested too deeply.") from err
    try:
        _no_unknown(data, _TOP_KEYS)
        settings = _settings(data)
        planned = _planned_minutes(data.get("call_types", {}))
        updates = _updates(data.get("updates", {}))
        event_types = _event_types(data.get("event_types", {}))
    except (TypeError, ValueError) as err:
        raise TeamFileError(f"{prefix}: {err}.") from err
    raw_instances = data.get("instance", [])
    if not isinstance(raw_instances, list):
        raise TeamFileError(f"{prefix}: instances are written as [[instance]] tables.")
    if len(raw_instances) > MAX_INSTANCES:
        raise TeamFileError(f"{prefix} names more than {MAX_INSTANCES} instances.")
    instances: list[TeamInstance] = []
    for number, raw in enumerate(raw_instances, start=1):
        try:
            instance = _instance(raw)
            _not_twice(instance, instances)
        except (TypeError, ValueError) as err:
            raise TeamFileError(f"{prefix}, instance {number}: {err}.") from err
        instances.append(instance)
    return Team(tuple(instances), planned, settings, updates, event_types)


def _no_unknown(raw: Mapping[str, Any], known: tuple[str, ...]) -> None:
    unknown = sorted(set(raw) - set(known))
    if unknown:
        names = ", ".join(f"“{name}”" for name in unknown)
        raise ValueError(f"unknown key {names} (known: {', '.join(known)})")


def _instance(raw: Any) -> TeamInstance:
    if not isinstance(raw, dict):
        raise TypeError("an instance must be a table")
    _no_unknown(raw, _INSTANCE_KEYS)
    label = raw.get("label", "")
    if not isinstance(label, str) or hidden_character(label):
        raise ValueError("“label” must be text on one line")
    if ("subdomain" in raw) == ("address" in raw):
        raise ValueError("give either “subdomain” (example for example.zendesk.com) or “address”")
    if "subdomain" in raw:
        subdomain = raw["subdomain"]
        if not isinstance(subdomain, str) or not is_subdomain(subdomain):
            raise ValueError(
                f"“{subdomain}” is not a Zendesk subdomain (example for example.zendesk.com)"
            )
        address = f"https://{subdomain}.zendesk.com"
    else:
        address = raw["address"]
        if not isinstance(address, str):
            raise TypeError("“address” must be text")
    try:
        base_url = parse_base_url(address)
    except ConnectionSettingError as err:
        raise ValueError(str(err).rstrip(".")) from None
    oauth = None
    if "oauth_client_id" in raw:
        try:
            oauth = make_oauth_client(raw["oauth_client_id"], raw.get("redirect_port"))
        except ConnectionSettingError as err:
            raise ValueError(str(err)) from None
    elif "redirect_port" in raw:
        raise ValueError("“redirect_port” is only used with “oauth_client_id”")
    default = raw.get("default", False)
    if not isinstance(default, bool):
        raise TypeError("“default” must be true or false")
    return TeamInstance(label.strip(), base_url, oauth, default)


def _not_twice(instance: TeamInstance, earlier: list[TeamInstance]) -> None:
    for number, other in enumerate(earlier, start=1):
        if other.base_url == instance.base_url:
            raise ValueError(f"{instance.base_url} is already instance {number}")
        if instance.label and other.label.casefold() == instance.label.casefold():
            raise ValueError(f"the label “{instance.label}” is already instance {number}'s")
        if instance.default and other.default:
            raise ValueError(f"only one instance can be the default; instance {number} is")


def _settings(data: Mapping[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if "default_call_type" in data:
        key = data["default_call_type"]
        if not isinstance(key, str) or key not in CallTypeCatalog():
            raise ValueError(
                f"“default_call_type” must be one of {', '.join(CallTypeCatalog().keys())}"
            )
        found["default_call_type"] = key
    if "summary_tags" in data:
        found["summary_tags"] = _tags(data["summary_tags"])
    for name in ("summary_status", "no_show_status"):
        if name in data:
            value = data[name]
            choices = (*TICKET_STATUSES, UNCHANGED_STATUS)
            if value not in choices:
                raise ValueError(f"“{name}” must be one of {', '.join(choices)}")
            found[name] = None if value == UNCHANGED_STATUS else value
    found.update(_time_tracking(data.get("time_tracking", {})))
    found.update(_outcome_tags(data.get("outcome_tags", {})))
    return found


def _time_tracking(raw: Any) -> dict[str, Any]:
    """``[time_tracking]``: ``track`` (true/false) and the Time Tracking fields' ids."""
    if not isinstance(raw, dict):
        raise TypeError("[time_tracking] must be a table, such as track = true")
    try:
        _no_unknown(raw, tuple(_TIME_TRACKING_KEYS))
    except ValueError as err:
        raise ValueError(f"[time_tracking] {err}") from None
    found: dict[str, Any] = {}
    if "track" in raw:
        if not isinstance(raw["track"], bool):
            raise TypeError("[time_tracking] track must be true or false")
        found["track_time"] = raw["track"]
    for key in ("total_field", "last_update_field"):
        if key in raw:
            value = raw[key]
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise TypeError(f"[time_tracking] {key} must be a ticket field's id (a number)")
            found[_TIME_TRACKING_KEYS[key]] = value
    if "last_update_field" in raw and "total_field" not in raw:
        raise ValueError("[time_tracking] last_update_field needs total_field as well")
    return found


def _outcome_tags(raw: Any) -> dict[str, str]:
    """``[outcome_tags]``: the tag each call outcome adds ("" for none)."""
    if not isinstance(raw, dict):
        raise TypeError('[outcome_tags] must be a table of tags, such as held = "call_held"')
    try:
        _no_unknown(raw, tuple(_OUTCOME_TAG_KEYS))
    except ValueError as err:
        raise ValueError(f"[outcome_tags] {err}") from None
    found: dict[str, str] = {}
    for key, value in raw.items():
        if not isinstance(value, str):
            raise TypeError(f'[outcome_tags] {key} must be a tag in quotes, or "" for none')
        tags = _tags([value]) if value else ()
        found[_OUTCOME_TAG_KEYS[key]] = tags[0] if tags else ""
    return found


def _updates(raw: Any) -> TeamUpdates:
    if not isinstance(raw, dict):
        raise TypeError("[updates] must be a table, such as check = false")
    try:
        _no_unknown(raw, _UPDATES_KEYS)
    except ValueError as err:
        raise ValueError(f"[updates] {err}") from None
    check = raw.get("check", True)
    if not isinstance(check, bool):
        raise TypeError("[updates] check must be true or false")
    url = raw.get("url")
    if url is not None and (not isinstance(url, str) or not is_https_or_loopback(url)):
        raise ValueError("[updates] url must be an https:// address")
    return TeamUpdates(check, url)


def _tags(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
        raise TypeError('“summary_tags” must be a list of tags, such as ["customer_call"]')
    tags: list[str] = []
    for tag in value:
        if not tag or re.search(r"[\s,]", tag) or hidden_character(tag):
            raise ValueError(f"“{tag}” is not a tag: tags are single words, such as customer_call")
        if tag.lower() not in tags:
            tags.append(tag.lower())
    return tuple(tags)


def _event_types(raw: Any) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise TypeError(
            '[event_types] must be a table of call types, such as "Troubleshooting call" = '
            '"troubleshooting"'
        )
    found: dict[str, str] = {}
    for name, key in raw.items():
        if not name.strip() or hidden_character(name):
            raise ValueError("[event_types] has an empty or unreadable event type name")
        if not isinstance(key, str) or key not in CallTypeCatalog():
            known = ", ".join(t.key for t in CallTypeCatalog())
            raise ValueError(f"[event_types] “{name}” must name a call type ({known})")
        found[name.strip()] = key
    return found


def _planned_minutes(raw: Any) -> dict[str, int]:
    if not isinstance(raw, dict):
        raise TypeError("[call_types] must be a table of planned minutes, such as discovery = 20")
    catalog = CallTypeCatalog()
    planned: dict[str, int] = {}
    for key, minutes in raw.items():
        if key not in catalog:
            raise ValueError(
                f"[call_types] names “{key}”, which is not a call type "
                f"(known: {', '.join(catalog.keys())})"
            )
        if isinstance(minutes, bool) or not isinstance(minutes, int):
            raise TypeError(f"[call_types] {key} must be a whole number of minutes")
        try:
            catalog.with_overrides({key: {"planned_minutes": minutes}})
        except CallTypeError as err:
            raise ValueError(f"[call_types] {err}") from None
        planned[key] = minutes
    return planned


@dataclass(frozen=True)
class TeamSetup:
    """The engineer's settings with the team's values filled in where the engineer set nothing.

    Attributes:
        settings: The settings to save (unchanged when the team has nothing to add).
        added: What came from the team file, a short phrase each ("the summary tags"), for a
            notice; empty when nothing did.
        connections: The team's instances the engineer had no connection for, with fresh ids.
            Those that sign in with Zendesk are in :attr:`settings` already (ready to sign in);
            those that use API tokens are not, as they need the engineer's email and token
            first: Settings offers them filled in.
        oauth_offers: Connection id → the team's OAuth client, for the engineer's connections
            to a team instance that sign in another way (an API token, or another client):
            Settings can offer to switch; nothing is switched here.
    """

    settings: Settings
    added: tuple[str, ...] = ()
    connections: tuple[ZendeskConnection, ...] = ()
    oauth_offers: Mapping[str, OAuthClient] = field(default_factory=dict)


def apply_team(
    settings: Settings, team: Team, *, new_id: Callable[[], str] = new_connection_id
) -> TeamSetup:
    """Fill the team's values into *settings* without overwriting what the engineer set.

    A setting still at the app's own default takes the team's value; a call type's length
    takes it unless the engineer changed that length. A team instance is matched to the
    engineer's connections by address: one already there is kept as it is. The default
    connection is set only when none of the engineer's connections is the default. Applying
    the same file twice changes nothing the second time.
    """
    builtin = Settings()
    changes: dict[str, Any] = {}
    added: list[str] = []
    phrases = {
        "default_call_type": "the default call type",
        "summary_tags": "the summary tags",
        "summary_status": "the ticket status set with a summary",
        "no_show_status": "the ticket status set with a no-show reply",
        "track_time": "whether the call's time goes on the ticket",
        "time_total_field": "the Time Tracking fields",
        "time_last_update_field": "the Time Tracking fields",
        "outcome_tag_held": "the outcome tags",
        "outcome_tag_no_show": "the outcome tags",
        "outcome_tag_emergency": "the outcome tags",
    }
    for name in _SETTING_KEYS:
        if name in team.settings:
            value = team.settings[name]
            current = getattr(settings, name)
            if current == getattr(builtin, name) and current != value:
                changes[name] = value
                if phrases[name] not in added:
                    added.append(phrases[name])

    overrides = {key: dict(edit) for key, edit in settings.call_type_overrides.items()}
    lengths = []
    for key, minutes in team.planned_minutes.items():
        original = preset(key)
        if key in overrides or original is None or original.planned_minutes == minutes:
            continue
        overrides[key] = {"planned_minutes": minutes}
        lengths.append(f"{original.name} {minutes} min")
    if lengths:
        changes["call_type_overrides"] = overrides
        added.append("call lengths (" + ", ".join(lengths) + ")")

    mapping = dict(settings.event_type_call_types)
    own_names = {name.casefold() for name in mapping}
    mapped = [name for name in team.event_types if name.casefold() not in own_names]
    for name in mapped:
        mapping[name] = team.event_types[name]
    if mapped:
        changes["event_type_call_types"] = mapping
        added.append("the call type of each Calendly event type")

    existing = {c.base_url: c for c in settings.zendesk_connections}
    connections = list(settings.zendesk_connections)
    suggested: list[ZendeskConnection] = []
    offers: dict[str, OAuthClient] = {}
    team_default: str | None = None
    taken = {c.id for c in connections}
    for instance in team.instances:
        mine = existing.get(instance.base_url)
        if mine is not None:
            if instance.oauth is not None and mine.oauth != instance.oauth:
                offers[mine.id] = instance.oauth
            connection_id = mine.id
        else:
            connection_id = _fresh_id(new_id, taken)
            connection = instance.connection(connection_id)
            suggested.append(connection)
            if instance.oauth is not None:
                connections.append(connection)
                added.append(f"Zendesk {connection.describe()}")
        if instance.default:
            team_default = connection_id
    if len(connections) != len(settings.zendesk_connections):
        changes["zendesk_connections"] = tuple(connections)
    ids = {c.id for c in connections}
    if team.instances and connections and settings.default_connection not in ids:
        default = team_default if team_default in ids else connections[0].id
        if default != settings.default_connection:
            changes["default_connection"] = default
    return TeamSetup(
        replace(settings, **changes) if changes else settings,
        tuple(added),
        tuple(suggested),
        offers,
    )


def _fresh_id(new_id: Callable[[], str], taken: set[str]) -> str:
    while True:
        candidate = new_id()
        if candidate not in taken:
            taken.add(candidate)
            return candidate
