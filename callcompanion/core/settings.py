"""The engineer's settings: typed, validated, with defaults from the workflow.

Reading is forgiving: a value that is missing, of the wrong type or out of range falls back to its
default and produces a warning sentence, so a hand-edited file never stops the app.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from typing import Any

from callcompanion.core.call import NO_SHOW_AFTER_MINUTES, Platform
from callcompanion.core.calltypes import (
    DEFAULT_CALL_TYPES,
    DEFAULT_WRAPUP_LEAD_MINUTES,
    WRAPUP_LEAD_MAX,
    WRAPUP_LEAD_MIN,
    CallTypeCatalog,
    CallTypeError,
)
from callcompanion.core.connections import (
    ConnectionSettingError,
    ZendeskConnection,
    connection_for,
    hidden_character,
    is_https_or_loopback,
)
from callcompanion.core.hotkeys import DEFAULT_BINDINGS, check_bindings, normalized
from callcompanion.core.ticket import TICKET_STATUSES, TicketRef

SETTINGS_VERSION = 1
NO_SHOW_RANGE = (1, 60)


class PromptAttention(StrEnum):
    """How a prompt reaches the engineer (none of them takes the keyboard from the meeting)."""

    CARD = "card"  # a small always-on-top card with the answers, near the tray
    WINDOW = "window"  # the main window comes in front
    NOTIFICATION = "notification"  # the tray's notification only

    @property
    def label(self) -> str:
        return {
            PromptAttention.CARD: "Show a small card with the answers, near the tray",
            PromptAttention.WINDOW: "Bring this window in front",
            PromptAttention.NOTIFICATION: "Only show a notification",
        }[self]


@dataclass(frozen=True)
class Settings:
    """Everything the engineer can set.

    Attributes:
        engineer_name: Used in messages to the customer.
        zendesk_connections: The Zendesk instances the app can post to, each signing in with
            Zendesk (OAuth) or with an API token (tokens: keyring only).
        default_connection: The id of the connection for tickets typed as plain numbers.
        scheduling_link: The engineer's personal scheduling link, offered in the no-show reply.
        no_show_after_minutes: When the no-show prompt appears if the customer has not joined.
        wrapup_lead_minutes: Default minutes of wrap-up before the planned end.
        call_type_overrides: Edits to the default call types, by key.
        default_call_type: The type preselected for a new call.
        default_platform: The platform preselected for a new call.
        prompt_attention: How a prompt reaches the engineer: a card, the window in front, or a
            notification only (never taking the keyboard). Files from before this setting say
            ``show_window_on_prompt: false`` for "notification only".
        mini_timer_visible: Whether the compact always-on-top timer is shown during calls.
        mini_timer_position: Where it was last parked, in screen coordinates.
        window_geometry: The main window's saved geometry (opaque, base64).
        tray_hint_shown: Whether the "still running in the tray" hint was shown once.
        first_run_done: Whether the first-start card (about you, Zendesk, Calendly) was
            finished or put away; it is shown once.
        summary_status: Ticket status to set with a summary by default (``None``: unchanged).
        summary_tags: Tags added with every summary by default.
        reminder_minutes: Remind about an unposted summary this long after the call ended.
        reminder_repeat_minutes: And again at this interval until it is posted or dismissed.
        pat_prefixes: Extra personal-access-token prefixes to scan for (``SIE-glpat-``).
        meeting_link: The engineer's own meeting room (Zoom personal room), for bridges.
        webex_room_url: The team's WebEx room, offered to copy on WebEx calls.
        no_show_status: Ticket status the no-show reply sets (``None``: unchanged).
        calendly_event_type: The Calendly event type single-use links are made from.
        calendly_event_name: Its name, as last loaded.
        calendly_discovery_event_type: The event type for Discovery calls, if another one.
        calendly_discovery_event_name: Its name.
        calendly_api_url: Calendly's API address (a local server in tests).
        call_triggers: When to suggest a call instead of more email (docs/workflow.md).
        global_shortcuts_enabled: Whether the global shortcuts are grabbed at all.
        global_shortcuts: Action (``core.hotkeys.HotkeyAction``) → keys (``Ctrl+Alt+Shift+A``;
            empty: none).
        check_updates: Whether to look for a new version once a day (a team file can turn the
            checks off for everyone). Starting at login is not a setting: it is the system's
            (``services/autostart``), read from there each time.
        last_update_check: When the release server last answered (UTC, ISO 8601; empty: never).
        dismissed_update: The version whose notice was closed: it is not shown again.
        booking_reminder_minutes: Remind of each booked call this long before it (0: never).
        event_type_call_types: Calendly event type (its URI or name) → call type key, for
            calls started from a booking (unmapped ones are guessed from the name).
        track_time: Whether a summary or a no-show reply adds the call's time to the ticket's
            Time Tracking fields (when the account has them).
        outcome_tag_held: The tag an ended call's post adds when the call was held ("": none).
        outcome_tag_no_show: The tag a no-show reply adds ("": none).
        outcome_tag_emergency: The tag an emergency call's summary adds ("": none).
        time_total_field: The "Total time spent (sec)" field's id, from the team file (found
            by title when ``None``).
        time_last_update_field: The "Time spent last update (sec)" field's id, likewise.
    """

    engineer_name: str = ""
    zendesk_connections: tuple[ZendeskConnection, ...] = ()
    default_connection: str = ""
    scheduling_link: str = ""
    no_show_after_minutes: int = NO_SHOW_AFTER_MINUTES
    wrapup_lead_minutes: int = DEFAULT_WRAPUP_LEAD_MINUTES
    call_type_overrides: Mapping[str, Mapping[str, int | None]] = field(default_factory=dict)
    default_call_type: str = "troubleshooting"
    default_platform: Platform = Platform.ZOOM
    prompt_attention: PromptAttention = PromptAttention.CARD
    mini_timer_visible: bool = False
    mini_timer_position: tuple[int, int] | None = None
    window_geometry: str = ""
    tray_hint_shown: bool = False
    first_run_done: bool = False
    summary_status: str | None = None
    summary_tags: tuple[str, ...] = ()
    reminder_minutes: int = 15
    reminder_repeat_minutes: int = 10
    pat_prefixes: tuple[str, ...] = ()
    meeting_link: str = ""
    webex_room_url: str = "https://gitlabmeetings.webex.com/meet/gitlabsupport"
    no_show_status: str | None = "pending"
    calendly_event_type: str = ""
    calendly_event_name: str = ""
    calendly_discovery_event_type: str = ""
    calendly_discovery_event_name: str = ""
    calendly_api_url: str = "https://api.calendly.com"
    call_triggers: tuple[str, ...] = (
        "The problem statement is very unclear.",
        "One or two email requests have not produced what is needed.",
        "The ticket is not making good progress towards resolution.",
        "The customer seems frustrated or upset.",
    )
    global_shortcuts_enabled: bool = True
    global_shortcuts: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_BINDINGS))
    check_updates: bool = True
    last_update_check: str = ""
    dismissed_update: str = ""
    booking_reminder_minutes: int = 5
    event_type_call_types: Mapping[str, str] = field(default_factory=dict)
    track_time: bool = True
    outcome_tag_held: str = "call_held"
    outcome_tag_no_show: str = "call_no_show"
    outcome_tag_emergency: str = "call_emergency"
    time_total_field: int | None = None
    time_last_update_field: int | None = None

    def connection(self, connection_id: str | None) -> ZendeskConnection | None:
        return next((c for c in self.zendesk_connections if c.id == connection_id), None)

    def connection_for(
        self, ticket: TicketRef, connection_id: str | None = None
    ) -> ZendeskConnection | None:
        """The one answer to "which Zendesk does this ticket (or call, or post) go to".

        A connection chosen for the call or the post (``connection_id``) wins while it still
        exists; otherwise the ticket's own subdomain decides, then the default connection (see
        :func:`callcompanion.core.connections.connection_for`). ``None``: nowhere to post.
        """
        return self.connection(connection_id) or connection_for(
            ticket, self.zendesk_connections, self.default_connection or None
        )

    def call_types(self) -> CallTypeCatalog:
        """The call types with this engineer's edits (edits that no longer fit are dropped)."""
        base = CallTypeCatalog(DEFAULT_CALL_TYPES)
        try:
            return base.with_overrides(self.call_type_overrides)
        except CallTypeError:
            return base

    def with_call_types(self, catalog: CallTypeCatalog) -> Settings:
        return replace(
            self, call_type_overrides=catalog.overrides_against(CallTypeCatalog(DEFAULT_CALL_TYPES))
        )

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"version": SETTINGS_VERSION}
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, Platform | PromptAttention):
                value = value.value
            elif item.name == "zendesk_connections":
                value = [c.to_dict() for c in value]
            elif isinstance(value, tuple):
                value = list(value)
            elif item.name in ("global_shortcuts", "event_type_call_types"):
                value = dict(value)
            elif isinstance(value, Mapping):
                value = {key: dict(edit) for key, edit in value.items()}
            data[item.name] = value
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> tuple[Settings, list[str]]:
        """Read settings, keeping every valid value; returns the settings and warnings."""
        warnings: list[str] = []
        defaults = cls()
        values: dict[str, Any] = {}

        def take(name: str, check: Any, message: str) -> None:
            if name not in data:
                return
            value = data[name]
            try:
                ok = check(value)
            except (TypeError, ValueError):
                ok = False
            if ok:
                values[name] = value
            else:
                default = getattr(defaults, name)
                warnings.append(f"Setting “{name}” {message}; using {default!r}.")

        def is_str(value: Any) -> bool:
            return isinstance(value, str)

        def is_bool(value: Any) -> bool:
            return isinstance(value, bool)

        def int_in(low: int, high: int) -> Any:
            return lambda v: isinstance(v, int) and not isinstance(v, bool) and low <= v <= high

        def is_address(value: Any) -> bool:
            return isinstance(value, str) and hidden_character(value) is None

        def is_tag(value: Any) -> bool:
            return is_address(value) and bool(value) and not any(c in value for c in " ,\t")

        no_hidden = "must be an address without line breaks or invisible characters"
        take("engineer_name", is_str, "must be text")
        take("scheduling_link", is_address, no_hidden)
        take("default_connection", is_str, "must be text")

        def status_or_null(v: Any) -> bool:
            return v is None or v in TICKET_STATUSES

        statuses = f"must be {', '.join(TICKET_STATUSES)} or null"
        take("summary_status", status_or_null, statuses)
        take(
            "summary_tags",
            lambda v: isinstance(v, list) and all(isinstance(t, str) and t for t in v),
            "must be a list of tags",
        )
        take("reminder_minutes", int_in(1, 24 * 60), "must be 1–1440 minutes")
        take("reminder_repeat_minutes", int_in(1, 24 * 60), "must be 1–1440 minutes")
        take(
            "pat_prefixes",
            lambda v: isinstance(v, list) and all(isinstance(t, str) and t for t in v),
            "must be a list of prefixes",
        )
        take("meeting_link", is_address, no_hidden)
        for name in (
            "calendly_event_type",
            "calendly_event_name",
            "calendly_discovery_event_type",
            "calendly_discovery_event_name",
        ):
            take(name, is_str, "must be text")
        take(
            "webex_room_url",
            lambda v: is_address(v) and v.startswith("https://"),
            "must be an https:// address",
        )
        take(
            "calendly_api_url",
            lambda v: isinstance(v, str) and is_https_or_loopback(v),
            "must be an https:// address",
        )
        take("no_show_status", status_or_null, statuses)
        take(
            "call_triggers",
            lambda v: isinstance(v, list) and all(isinstance(t, str) and t for t in v),
            "must be a list of sentences",
        )
        if "zendesk_connections" in data:
            raw = data["zendesk_connections"]
            connections = []
            for item in raw if isinstance(raw, list) else []:
                try:
                    connections.append(ZendeskConnection.from_dict(item))
                except ConnectionSettingError as err:
                    warnings.append(f"A Zendesk connection was left out: {err}")
            if not isinstance(raw, list):
                warnings.append("Setting “zendesk_connections” must be a list; none are used.")
            values["zendesk_connections"] = tuple(connections)
        take(
            "no_show_after_minutes",
            int_in(*NO_SHOW_RANGE),
            f"must be {NO_SHOW_RANGE[0]}–{NO_SHOW_RANGE[1]} minutes",
        )
        take(
            "wrapup_lead_minutes",
            int_in(WRAPUP_LEAD_MIN, WRAPUP_LEAD_MAX),
            f"must be {WRAPUP_LEAD_MIN}–{WRAPUP_LEAD_MAX} minutes",
        )
        take(
            "default_call_type",
            lambda v: isinstance(v, str) and v in CallTypeCatalog(),
            "is not a known call type",
        )
        take("default_platform", lambda v: Platform(v) is not None, "must be zoom or webex")
        take(
            "prompt_attention",
            lambda v: PromptAttention(v) is not None,
            "must be card, window or notification",
        )
        if "prompt_attention" not in data and data.get("show_window_on_prompt") is False:
            values["prompt_attention"] = PromptAttention.NOTIFICATION
        take("mini_timer_visible", is_bool, "must be true or false")
        take("tray_hint_shown", is_bool, "must be true or false")
        take("first_run_done", is_bool, "must be true or false")
        take("global_shortcuts_enabled", is_bool, "must be true or false")
        take("check_updates", is_bool, "must be true or false")
        take("last_update_check", is_str, "must be text")
        take("dismissed_update", is_str, "must be text")
        take(
            "global_shortcuts",
            check_bindings,
            "must name each action's keys once, such as Ctrl+Alt+Shift+A",
        )
        take("window_geometry", is_str, "must be text")
        take("booking_reminder_minutes", int_in(0, 60), "must be 0–60 minutes")
        take("track_time", is_bool, "must be true or false")
        for name in ("outcome_tag_held", "outcome_tag_no_show", "outcome_tag_emergency"):
            take(name, lambda v: v == "" or is_tag(v), "must be one tag (a single word) or empty")
        for name in ("time_total_field", "time_last_update_field"):
            take(name, lambda v: v is None or int_in(1, 2**63 - 1)(v), "must be a field id")
        take(
            "event_type_call_types",
            lambda v: (
                isinstance(v, Mapping)
                and all(isinstance(k, str) and k and c in CallTypeCatalog() for k, c in v.items())
            ),
            "must map event types to known call types",
        )
        take(
            "mini_timer_position",
            lambda v: (
                v is None
                or (
                    isinstance(v, list)
                    and len(v) == 2
                    and all(isinstance(n, int) and not isinstance(n, bool) for n in v)
                )
            ),
            "must be two whole numbers",
        )
        if "call_type_overrides" in data:
            overrides = data["call_type_overrides"]
            try:
                if not isinstance(overrides, Mapping):
                    raise CallTypeError("must be a table of call types")
                CallTypeCatalog().with_overrides(overrides)
                values["call_type_overrides"] = {
                    key: dict(edit) for key, edit in overrides.items() if key in CallTypeCatalog()
                }
            except (CallTypeError, TypeError, AttributeError) as err:
                warnings.append(f"Call type settings ignored: {err}.")

        if "default_platform" in values:
            values["default_platform"] = Platform(values["default_platform"])
        if "prompt_attention" in values:
            values["prompt_attention"] = PromptAttention(values["prompt_attention"])
        for name in ("summary_tags", "pat_prefixes", "call_triggers"):
            if name in values:
                values[name] = tuple(values[name])
        if "event_type_call_types" in values:
            values["event_type_call_types"] = dict(values["event_type_call_types"])
        if "global_shortcuts" in values:
            values["global_shortcuts"] = normalized(values["global_shortcuts"])
        if values.get("mini_timer_position") is not None:
            x, y = values["mini_timer_position"]
            values["mini_timer_position"] = (x, y)
        return replace(defaults, **values), warnings
