"""A Zendesk macro, applied whole: its actions turned into the post's comment and ticket changes.

A macro is a list of actions (``{"field": …, "value": …}``, see Zendesk's actions reference):
the comment (``comment_value``, ``comment_value_html``, ``comment_mode_is_public``), the status,
the priority, tags (``current_tags`` adds to the ticket's tags, ``set_tags`` replaces them all,
``remove_tags`` takes some off), custom fields (``custom_fields_<id>``), the assignee and the
group. What the app can send with the post becomes a :class:`TicketChanges`; everything else
(the subject, the type, followers, CCs, side conversations, brand, form…) is named in a sentence
in ``TicketChanges.not_applied``, so the engineer sees it before posting: nothing is dropped
silently.

Zendesk answers the question "what would this macro do" in three places, and they differ:

- ``GET /macros/{id}`` lists the macro's actions as written: which fields it changes and how
  (``current_tags`` adds, ``set_tags`` replaces), but its text still holds placeholders such as
  ``{{ticket.requester.first_name}}`` and ``current_user``.
- ``GET /macros/{id}/apply`` shows the fields the macro would change, without a ticket: the
  placeholders stay unfilled.
- ``GET /tickets/{ticket}/macros/{id}/apply`` shows the whole ticket as it would be after the
  macro: the comment rendered for this ticket and ``current_user`` / ``current_groups`` resolved,
  but every field of the ticket, changed or not, and the tags as one final list, so it cannot say
  what the macro changed, nor whether a tag is added or the list replaced.

So the comment (and the assignee and group the placeholders stand for) comes from the
ticket-specific answer (:class:`Rendered`), and everything else from the macro's own actions,
which say exactly what to change and keep the app from overwriting what the macro leaves alone.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from callcompanion.core.ticket_changes import TicketChanges

MACRO_STATUSES = ("open", "pending", "hold", "solved")  # a macro takes neither new nor closed
PRIORITIES = ("low", "normal", "high", "urgent")
_STATUS_LABELS = {"open": "Open", "pending": "Pending", "hold": "On-hold", "solved": "Solved"}
_CUSTOM_FIELD = re.compile(r"custom_fields_(\d+)")
# What an action the app cannot apply does, in words; a value is added where it helps.
_NOT_APPLIED = {
    "subject": "Sets the subject",
    "type": "Sets the type",
    "ticket_form_id": "Switches the ticket form",
    "brand_id": "Changes the brand",
    "custom_status_id": "Sets a custom ticket status",
    "follower": "Adds a follower",
    "cc": "Copies someone on the ticket",
    "share_ticket": "Shares the ticket with another Zendesk account",
    "satisfaction_score": "Sends a satisfaction survey",
    "requester_id": "Changes the requester",
    "locale_id": "Changes the requester's language",
    "problem_id": "Links the ticket to a problem",
}


@dataclass(frozen=True)
class Rendered:
    """What Zendesk said the macro would make of this ticket (placeholders filled in).

    Attributes:
        comment: The comment as it would be written on this ticket ("" when there is none).
        public: The comment's visibility, when Zendesk said.
        assignee_id: The agent the ticket would be assigned to.
        group_id: The group the ticket would be assigned to.
    """

    comment: str = ""
    public: bool | None = None
    assignee_id: int | None = None
    group_id: int | None = None


@dataclass(frozen=True)
class MacroEffect:
    """A macro applied whole: the reply it writes and what it changes on the ticket.

    Attributes:
        comment: The reply text ("" when the macro writes none).
        public: Public reply (``True``), internal note (``False``), or ``None``: the macro does
            not say, the editor's choice stays.
        changes: The ticket changes sent with the post, and in ``not_applied`` what the app
            cannot do.
        assigns_me: The macro assigns the ticket to the agent applying it.
    """

    comment: str
    public: bool | None
    changes: TicketChanges
    assigns_me: bool = False


@dataclass(frozen=True)
class AppliedMacro:
    """A macro applied in the summary editor: kept with the draft until the post carries it.

    Attributes:
        changes: What it changes on the ticket, its status included (the editor's status box
            shows that one), and in ``not_applied`` what the app cannot do.
        assigns_me: It assigns the ticket to the agent who applied it.
        status_before: The status chosen before the macro set its own: Remove puts it back.
    """

    changes: TicketChanges
    assigns_me: bool = False
    status_before: str | None = None


def macro_effect(
    actions: Iterable[Mapping[str, Any]],
    rendered: Rendered | None = None,
    *,
    my_id: int | None = None,
) -> MacroEffect:
    """Turn a macro's *actions* into what the post applies (actions apply in their order)."""
    rendered = rendered or Rendered()
    status: str | None = None
    priority: str | None = None
    add: list[str] = []
    remove: list[str] = []
    fields: dict[int, Any] = {}
    assignee: int | None = None
    group: int | None = None
    assigns_me = False
    public: bool | None = None
    comment = ""
    skipped: list[str] = []
    for action in actions:
        name = str(action.get("field") or "")
        value = action.get("value")
        text = _text(value)
        custom = _CUSTOM_FIELD.fullmatch(name)
        if name == "status":
            if text in MACRO_STATUSES:
                status = text
            else:
                skipped.append(f"Sets the status to “{text}”, which a macro cannot set.")
        elif name == "priority":
            if text in PRIORITIES:
                priority = text
            else:
                skipped.append("Clears the priority." if not text else f"Sets priority “{text}”.")
        elif name in ("current_tags", "set_tags", "remove_tags"):
            tags = _tags(value)
            if name == "remove_tags":
                remove = [*(t for t in remove if t not in tags), *tags]
                add = [t for t in add if t not in tags]
                continue
            if name == "set_tags":
                skipped.append(
                    "Replaces all the ticket's tags with "
                    f"{' '.join(tags) or 'none'}: callcompanion adds these and keeps the others."
                )
            add = [*(t for t in add if t not in tags), *tags]
            remove = [t for t in remove if t not in tags]
        elif custom:
            fields[int(custom.group(1))] = value
        elif name == "assignee_id":
            if text == "current_user":
                assignee = rendered.assignee_id or my_id
                assigns_me = assignee is not None and assignee == my_id
                if assignee is None:
                    skipped.append("Assigns the ticket to you (Zendesk did not say who you are).")
            elif text.isdigit():
                assignee = int(text)
            else:
                skipped.append("Unassigns the ticket." if not text else f"Assigns to “{text}”.")
        elif name == "group_id":
            if text.isdigit():
                group = int(text)
            elif text == "current_groups" and rendered.group_id is not None:
                group = rendered.group_id
            else:
                skipped.append("Removes the group." if not text else f"Assigns to group “{text}”.")
        elif name in ("comment_value", "comment_value_html"):
            written = text if name == "comment_value" else plain_text(text)
            comment = comment or written
        elif name == "comment_mode_is_public":
            public = text.casefold() == "true" if text else None
        else:
            skipped.append(_not_applied(name, text))
    if rendered.comment.strip():
        comment = rendered.comment
    if public is None and comment:
        public = rendered.public
    changes = TicketChanges(
        status=status,
        priority=priority,
        add_tags=tuple(add),
        remove_tags=tuple(remove),
        custom_fields=tuple(sorted(fields.items())),
        assignee_id=assignee,
        group_id=group,
        not_applied=tuple(skipped),
    )
    return MacroEffect(comment=comment, public=public, changes=changes, assigns_me=assigns_me)


def describe(
    effect: MacroEffect, field_titles: Mapping[int, str] | None = None
) -> tuple[list[str], list[str]]:
    """The preview: (what the post will change, one line each; what is not applied)."""
    changes = effect.changes
    titles = field_titles or {}
    lines = []
    if changes.status:
        lines.append(f"Status: {status_label(changes.status)}")
    if changes.priority:
        lines.append(f"Priority: {changes.priority.capitalize()}")
    if changes.add_tags:
        lines.append(f"Adds tags: {' '.join(changes.add_tags)}")
    if changes.remove_tags:
        lines.append(f"Removes tags: {' '.join(changes.remove_tags)}")
    for field_id, value in changes.custom_fields:
        title = titles.get(field_id) or f"Field {field_id}"
        lines.append(f"{title}: {_shown(value)}")
    if changes.assignee_id is not None:
        who = "you" if effect.assigns_me else f"agent {changes.assignee_id}"
        lines.append(f"Assigns the ticket to {who}")
    if changes.group_id is not None:
        lines.append(f"Assigns the ticket to group {changes.group_id}")
    return lines, list(changes.not_applied)


def summary_line(changes: TicketChanges, *, assigns_me: bool = False) -> str:
    """The editor's compact line, e.g. ``status Pending · tags +foo −bar · 2 fields``."""
    parts = []
    if changes.status:
        parts.append(f"status {status_label(changes.status)}")
    if changes.priority:
        parts.append(f"priority {changes.priority.capitalize()}")
    tags = [f"+{t}" for t in changes.add_tags] + [f"−{t}" for t in changes.remove_tags]
    if tags:
        parts.append("tags " + " ".join(tags))
    if changes.custom_fields:
        count = len(changes.custom_fields)
        parts.append(f"{count} field{'s' if count != 1 else ''}")
    if changes.assignee_id is not None:
        parts.append("assigned to you" if assigns_me else "assignee")
    if changes.group_id is not None:
        parts.append("group")
    return " · ".join(parts)


def changes_in_words(changes: TicketChanges) -> str:
    """Everything *changes* does to a ticket, in one line (the outbox names a post's changes).

    E.g. ``status Pending, tags +call_held, field 360012345 “done”, 30 minutes of time``.
    """
    parts = []
    if changes.status:
        parts.append(f"status {status_label(changes.status)}")
    if changes.priority:
        parts.append(f"priority {changes.priority.capitalize()}")
    tags = [f"+{t}" for t in changes.add_tags] + [f"−{t}" for t in changes.remove_tags]
    if tags:
        parts.append("tags " + " ".join(tags))
    parts += [f"field {fid} “{_shown(value)}”" for fid, value in changes.custom_fields]
    if changes.assignee_id is not None:
        parts.append(f"assignee {changes.assignee_id}")
    if changes.group_id is not None:
        parts.append(f"group {changes.group_id}")
    if changes.time_spent_seconds:
        minutes = max(1, round(changes.time_spent_seconds / 60))
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''} of Time Tracking")
    return ", ".join(parts)


def without_status(changes: TicketChanges) -> TicketChanges:
    return replace(changes, status=None)


def status_label(status: str) -> str:
    return _STATUS_LABELS.get(status, status.capitalize())


def _text(value: Any) -> str:
    """An action's value as text; a comment may come as ``["channel:all", "text"]``."""
    if isinstance(value, list | tuple):
        items = [str(v) for v in value if v is not None]
        if len(items) == 2 and items[0].startswith("channel:"):
            return items[1]
        return " ".join(items)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value).strip()


def _tags(value: Any) -> list[str]:
    words = value if isinstance(value, list | tuple) else str(value or "").split()
    seen: list[str] = []
    for word in (str(w).strip() for w in words):
        if word and word not in seen:
            seen.append(word)
    return seen


def plain_text(markup: str) -> str:
    """A macro's HTML comment as the plain text of a reply (line breaks kept, tags dropped)."""
    text = re.sub(r"<br\s*/?>|</p>|</div>|</li>", "\n", markup, flags=re.IGNORECASE)
    return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()


def _shown(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "(cleared)"
    return "(cleared)" if value in (None, "") else str(value)


def _not_applied(name: str, value: str) -> str:
    what = _NOT_APPLIED.get(name)
    if what is None and name.startswith("side_conversation"):
        what = "Starts a side conversation"
    if what is None and name.startswith("notification_"):
        what = "Sends a notification"
    if what is None:
        return f"Changes “{name}”{f' to “{value}”' if value else ''}."
    if name in ("subject", "type") and value:
        return f"{what} to “{value}”."
    return f"{what}."
