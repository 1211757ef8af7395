"""The call workflows end to end: gates, nags, no-shows, emergencies and messages.

Every post goes through the outbox to a Zendesk-like server on 127.0.0.1; single-use links come
from a Calendly-like one.
"""

from __future__ import annotations

import keyring
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QInputDialog, QPushButton
from pytestqt.qtbot import QtBot

from callcompanion.app import CallCompanion
from callcompanion.controllers.scheduling_links import CALENDLY_USER
from callcompanion.core.call import Answer, Outcome, PromptKind
from callcompanion.core.checklists import ItemState
from callcompanion.core.messages import MessageKind
from callcompanion.core.ticket import TicketRef
from callcompanion.gui.message_dialog import MessageDialog
from callcompanion.gui.summary_editor import NOTES_TAB
from callcompanion.paths import AppPaths
from callcompanion.services.checklist_store import ChecklistStore
from tests.fakes.calendly_server import TOKEN as CALENDLY_TOKEN
from tests.fakes.calendly_server import FakeCalendly
from tests.fakes.clock import FakeClock
from tests.fakes.zendesk_server import FakeZendesk
from tests.gui.conftest import MakeCompanion, click_answer, connect_to, settle

# Some posts here are the reply exactly as the template fills it, which asks first.
pytestmark = pytest.mark.usefixtures("confirm_posting_without_notes")

TICKET = 12345
SUPPORT_EVENT = "https://api.calendly.com/event_types/SUPPORT30"


@pytest.fixture
def app(
    make_companion: MakeCompanion,
    fake_zendesk: FakeZendesk,
    fake_calendly: FakeCalendly,
    profile: AppPaths,
    monkeypatch: pytest.MonkeyPatch,
) -> CallCompanion:
    """The app with a Zendesk connection and Calendly set up, both on loopback."""
    connect_to(
        fake_zendesk,
        profile,
        monkeypatch,
        scheduling_link="https://calendly.com/ana-example/support",
        meeting_link="https://zoom.us/j/5550100",
        calendly_api_url=fake_calendly.url,
        calendly_event_type=SUPPORT_EVENT,
        calendly_event_name="Support - Customer Call",
    )
    keyring.set_password("callcompanion", CALENDLY_USER, CALENDLY_TOKEN)
    return make_companion()


def prepare(qtbot: QtBot, companion: CallCompanion, call_type: str, *, webex: bool = False) -> None:
    window = companion.window
    window.ticketEdit.clear()
    qtbot.keyClicks(window.ticketEdit, str(TICKET))
    window.typeCombo.setCurrentIndex(window.typeCombo.findData(call_type))
    radio = window.webexRadio if webex else window.zoomRadio
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton)


def message(qtbot: QtBot, companion: CallCompanion, kind: MessageKind) -> MessageDialog:
    """The newest open message dialog, once it is of *kind* and ready to post."""

    def newest() -> MessageDialog | None:
        dialogs = companion.messages.open_dialogs()
        return dialogs[-1] if dialogs else None

    qtbot.waitUntil(lambda: (found := newest()) is not None and found.spec.kind is kind)
    dialog = newest()
    assert dialog is not None
    qtbot.waitUntil(dialog.postButton.isEnabled)
    return dialog


def nag_ids(companion: CallCompanion) -> list[str]:
    return [b.item_id for b in companion.window.nag_banners() if not b.isHidden()]


# -- gates ----------------------------------------------------------------------------------------


def test_an_upgrade_call_does_not_start_before_the_backup_is_ticked(
    qtbot: QtBot, companion: CallCompanion
) -> None:
    window = companion.window
    prepare(qtbot, companion, "upgrade_assistance")
    assert set(window.before_panel.rows) >= {"backup_done", "upgrade_info", "pre_call_email"}
    qtbot.mouseClick(window.startButton, Qt.MouseButton.LeftButton)

    held_back = companion.controller.call  # a local: the call starts further down
    assert held_back is None
    assert window.gateLabel.isVisible()
    assert "The customer confirmed their backup is finished" in window.gateLabel.text()
    assert window.overrideButton.isVisible()

    backup = window.before_panel.rows["backup_done"]
    qtbot.mouseClick(backup.title, Qt.MouseButton.LeftButton)  # the title ticks it, too
    assert backup.check.isChecked()
    qtbot.mouseClick(window.startButton, Qt.MouseButton.LeftButton)

    call = companion.controller.call
    assert call is not None
    results = ChecklistStore(companion.store).results(call.id)
    assert results["backup_done"].state is ItemState.DONE
    assert window.before_panel.rows["backup_done"].result.state is ItemState.OPEN, (
        "the next call is prepared from scratch"
    )


def test_starting_anyway_keeps_the_reason_with_the_call(
    qtbot: QtBot, companion: CallCompanion, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def reason(_parent: object, _title: str, label: str) -> tuple[str, bool]:
        asked.append(label)
        return "Customer confirmed the backup by phone", True

    monkeypatch.setattr(QInputDialog, "getText", reason)
    prepare(qtbot, companion, "upgrade_assistance")
    qtbot.mouseClick(companion.window.startButton, Qt.MouseButton.LeftButton)
    held_back = companion.controller.call  # a local: the call starts further down
    assert held_back is None
    qtbot.mouseClick(companion.window.overrideButton, Qt.MouseButton.LeftButton)

    call = companion.controller.call
    assert call is not None
    assert "backup is finished" in asked[0]
    backup = ChecklistStore(companion.store).results(call.id)["backup_done"]
    assert backup.state is ItemState.SKIPPED
    assert backup.reason == "started anyway: Customer confirmed the backup by phone"


def test_a_blank_reason_does_not_start_the_call(
    qtbot: QtBot, companion: CallCompanion, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *_args: ("   ", True))
    prepare(qtbot, companion, "upgrade_assistance")
    assert not companion.window.start_anyway()
    assert companion.controller.call is None


def test_other_call_types_have_no_backup_gate(qtbot: QtBot, companion: CallCompanion) -> None:
    prepare(qtbot, companion, "troubleshooting")
    assert "backup_done" not in companion.window.before_panel.rows
    qtbot.mouseClick(companion.window.startButton, Qt.MouseButton.LeftButton)
    assert companion.controller.call is not None


# -- nags and choices -----------------------------------------------------------------------------


def test_a_webex_call_asks_for_the_room_lock_until_it_is_ticked(
    qtbot: QtBot, companion: CallCompanion, clock: FakeClock
) -> None:
    prepare(qtbot, companion, "troubleshooting", webex=True)
    with qtbot.waitSignal(companion.checklists.nag_raised) as raised:
        qtbot.mouseClick(companion.window.startButton, Qt.MouseButton.LeftButton)
    assert raised.args[0].id == "webex_lock"
    assert nag_ids(companion) == ["webex_lock"]
    (nag,) = companion.window.nag_banners()
    assert nag.isVisible()

    qtbot.mouseClick(nag.snooze_button, Qt.MouseButton.LeftButton)
    assert nag_ids(companion) == []
    clock.advance(minutes=1, seconds=59)
    companion.controller.tick_now()
    assert nag_ids(companion) == [], "snoozed for two minutes"
    clock.advance(1)
    companion.controller.tick_now()
    assert nag_ids(companion) == ["webex_lock"], "back until it is ticked"

    # Ticking it in the call's checklist ends the reminders for good.
    row = companion.window.call_panel.rows["webex_lock"]
    qtbot.mouseClick(row.check, Qt.MouseButton.LeftButton)
    assert nag_ids(companion) == []
    clock.advance(minutes=10)
    companion.controller.tick_now()
    assert nag_ids(companion) == []
    call = companion.controller.call
    assert call is not None
    stored = ChecklistStore(companion.store).results(call.id)
    assert stored["webex_lock"].state is ItemState.DONE


def test_the_room_link_is_copied_with_one_click(qtbot: QtBot, companion: CallCompanion) -> None:
    companion.settings.update(webex_room_url="https://acme.webex.com/meet/support")
    prepare(qtbot, companion, "troubleshooting", webex=True)
    qtbot.mouseClick(companion.window.startButton, Qt.MouseButton.LeftButton)
    row = companion.window.call_panel.rows["webex_room_link"]
    (copy,) = [b for b in row.findChildren(QPushButton) if b.text() == "Copy link"]
    qtbot.mouseClick(copy, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == "https://acme.webex.com/meet/support"


def test_a_zoom_call_has_no_webex_steps(qtbot: QtBot, companion: CallCompanion) -> None:
    prepare(qtbot, companion, "troubleshooting")
    qtbot.mouseClick(companion.window.startButton, Qt.MouseButton.LeftButton)
    rows = set(companion.window.call_panel.rows)
    assert "webex_lock" not in rows
    assert {"recording", "screen_sharing"} <= rows
    assert nag_ids(companion) == []


def test_checklist_outcomes_reach_the_summary_on_the_ticket(
    qtbot: QtBot, app: CallCompanion, fake_zendesk: FakeZendesk, clock: FakeClock
) -> None:
    prepare(qtbot, app, "troubleshooting", webex=True)
    window = app.window
    window.joinedCheck.setChecked(True)
    qtbot.mouseClick(window.startButton, Qt.MouseButton.LeftButton)
    (nag,) = window.nag_banners()
    qtbot.mouseClick(nag.done_button, Qt.MouseButton.LeftButton)  # done from the reminder
    recording = window.call_panel.rows["recording"]
    assert recording.choice is not None
    recording.choice.setCurrentIndex(recording.choice.findData("customer_records"))
    call = app.controller.call
    assert call is not None
    stored = ChecklistStore(app.store).results(call.id)
    assert stored["recording"].choice == "customer_records"
    assert stored["webex_lock"].state is ItemState.DONE

    clock.advance(minutes=40)
    app.controller.end_call()
    editor = app.summary_windows.editor(call.id)
    assert editor is not None
    internal = editor.internalEdit.toPlainText()
    assert "- WebEx room locked" in internal
    assert "- Recording started and kept by the customer" in internal
    assert editor.post()
    qtbot.waitUntil(lambda: len(fake_zendesk.comments(TICKET)) == 2, timeout=5000)
    notes = [c for c in fake_zendesk.comments(TICKET) if c["public"] is False]
    assert "Recording started and kept by the customer" in str(notes[0]["body"])


def test_a_wrap_up_step_opens_the_notes_at_its_section(
    qtbot: QtBot, companion: CallCompanion
) -> None:
    prepare(qtbot, companion, "troubleshooting")
    qtbot.mouseClick(companion.window.startButton, Qt.MouseButton.LeftButton)
    call = companion.controller.call
    assert call is not None
    row = companion.window.call_panel.rows["review_next_call"]
    (write,) = [b for b in row.findChildren(QPushButton) if b.text() == "Write it down"]
    qtbot.mouseClick(write, Qt.MouseButton.LeftButton)
    editor = companion.summary_windows.editor(call.id)
    assert editor is not None
    qtbot.waitUntil(editor.isVisible)
    assert editor.tabs.currentIndex() == NOTES_TAB
    qtbot.keyClicks(editor.nextCallEdit, "Friday 10:00")
    assert editor.focusWidget() is editor.nextCallEdit
    assert editor.nextCallEdit.toPlainText() == "Friday 10:00"


# -- no-show --------------------------------------------------------------------------------------


def test_a_no_show_ends_with_one_apology_and_a_fresh_single_use_link(
    qtbot: QtBot,
    app: CallCompanion,
    fake_zendesk: FakeZendesk,
    fake_calendly: FakeCalendly,
    clock: FakeClock,
) -> None:
    prepare(qtbot, app, "troubleshooting")
    qtbot.mouseClick(app.window.startButton, Qt.MouseButton.LeftButton)
    call = app.controller.call
    assert call is not None
    clock.advance(minutes=10)
    app.controller.tick_now()
    click_answer(qtbot, app, PromptKind.NO_SHOW, Answer.CUSTOMER_NO_SHOW)

    dialog = message(qtbot, app, MessageKind.NO_SHOW)
    assert dialog.link.single_use
    (made,) = fake_calendly.links
    assert made.owner == SUPPORT_EVENT
    text = dialog.text()
    assert made.booking_url in text
    assert "waited 10 minutes" in text
    assert "The link is for one booking." in text
    assert dialog.statusCombo.currentData() == "pending", "the no-show status from Settings"
    qtbot.mouseClick(dialog.postButton, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: len(fake_zendesk.comments(TICKET)) == 1, timeout=5000)
    settle(qtbot, app)
    clock.advance(minutes=30)  # reminders and retries have had their chance
    app.controller.tick_now()
    settle(qtbot, app)
    (comment,) = fake_zendesk.comments(TICKET)
    assert comment["public"] is True
    assert made.booking_url in str(comment["body"])
    assert fake_zendesk.ticket(TICKET)["status"] == "pending"
    assert len(fake_calendly.links) == 1
    (request,) = [r for r in fake_calendly.requests if r[0] == "POST"]
    assert request[2] == {"max_event_count": 1, "owner": SUPPORT_EVENT, "owner_type": "EventType"}

    record = app.store.call(call.id)
    assert record is not None
    assert record.outcome is Outcome.NO_SHOW
    assert app.controller.pending_follow_ups() == []
    assert not app.window.followUpBox.isVisible()


def test_without_calendly_the_personal_link_comes_with_a_warning(
    qtbot: QtBot, app: CallCompanion, fake_calendly: FakeCalendly, clock: FakeClock
) -> None:
    keyring.delete_password("callcompanion", CALENDLY_USER)
    prepare(qtbot, app, "troubleshooting")
    qtbot.mouseClick(app.window.startButton, Qt.MouseButton.LeftButton)
    clock.advance(minutes=10)
    app.controller.tick_now()
    click_answer(qtbot, app, PromptKind.NO_SHOW, Answer.CUSTOMER_NO_SHOW)

    dialog = message(qtbot, app, MessageKind.NO_SHOW)
    assert not dialog.link.single_use
    assert "not a single-use one" in dialog.linkLabel.text()
    assert "https://calendly.com/ana-example/support" in dialog.text()
    assert "one booking" not in dialog.text()
    assert fake_calendly.links == []
    dialog.reject()
    assert app.window.followUpBox.isVisible(), "the reply is still owed"


def test_a_calendly_failure_falls_back_to_the_personal_link(
    qtbot: QtBot, app: CallCompanion, fake_calendly: FakeCalendly
) -> None:
    today = app.today.bookings  # the day's bookings are asked for at start: let that answer first
    qtbot.waitUntil(lambda: today.last_updated is not None and not today.busy, timeout=10_000)
    fake_calendly.fail_next = 500
    app.messages.open_message(MessageKind.INVITE, TicketRef(TICKET))
    dialog = message(qtbot, app, MessageKind.INVITE)
    assert not dialog.link.single_use
    assert "No single-use link" in dialog.linkLabel.text()
    assert "https://calendly.com/ana-example/support" in dialog.text()


# -- emergencies ----------------------------------------------------------------------------------


def test_an_emergency_follows_up_then_closes_the_bridge_with_priority_high(
    qtbot: QtBot, app: CallCompanion, fake_zendesk: FakeZendesk, clock: FakeClock
) -> None:
    prepare(qtbot, app, "emergency")
    qtbot.mouseClick(app.window.startButton, Qt.MouseButton.LeftButton)
    call = app.controller.call
    assert call is not None
    clock.advance(minutes=15)
    app.controller.tick_now()
    click_answer(qtbot, app, PromptKind.RESPONSE, Answer.SEND_FOLLOW_UP)

    follow_up = message(qtbot, app, MessageKind.EMERGENCY_FOLLOW_UP)
    still_open = app.controller.call  # a local: the call ends further down
    assert still_open is not None, "the bridge stays open"
    assert "https://zoom.us/j/5550100" in follow_up.text()
    qtbot.mouseClick(follow_up.postButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(fake_zendesk.comments(TICKET)) == 1, timeout=5000)
    assert fake_zendesk.ticket(TICKET)["priority"] == "normal"

    clock.advance(minutes=15)
    app.controller.tick_now()
    click_answer(qtbot, app, PromptKind.RESPONSE, Answer.CLOSE_BRIDGE)
    assert app.controller.call is None
    closed = message(qtbot, app, MessageKind.EMERGENCY_CLOSED)
    qtbot.mouseClick(closed.postButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(fake_zendesk.comments(TICKET)) == 2, timeout=5000)
    settle(qtbot, app)
    assert fake_zendesk.ticket(TICKET)["priority"] == "high"
    assert all(c["public"] is True for c in fake_zendesk.comments(TICKET))
    record = app.store.call(call.id)
    assert record is not None
    assert record.responses_answered == 2


# -- messages -------------------------------------------------------------------------------------


def test_an_invitation_gets_a_single_use_link_and_pasted_macros_are_filled(
    qtbot: QtBot, app: CallCompanion, fake_zendesk: FakeZendesk, fake_calendly: FakeCalendly
) -> None:
    prepare(qtbot, app, "troubleshooting")
    qtbot.mouseClick(app.window.inviteButton, Qt.MouseButton.LeftButton)
    dialog = message(qtbot, app, MessageKind.INVITE)
    (made,) = fake_calendly.links
    assert made.booking_url in dialog.text()

    # The team's macro, pasted over the text: its marker becomes this message's link.
    dialog.textEdit.clear()
    QApplication.clipboard().setText(
        "Hi! Book a slot here: ONETIME_PERSONAL_CALENDLY_LINK\nor PERSONAL_CALENDLY_LINK."
    )
    dialog.textEdit.paste()
    assert dialog.text() == f"Hi! Book a slot here: {made.booking_url}\nor {made.booking_url}."
    qtbot.mouseClick(dialog.postButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(fake_zendesk.comments(TICKET)) == 1, timeout=5000)
    (comment,) = fake_zendesk.comments(TICKET)
    assert comment["public"] is True
    assert str(comment["body"]).startswith(f"Hi! Book a slot here: {made.booking_url}")


def test_the_pre_call_email_states_goals_duration_people_and_access(
    qtbot: QtBot, app: CallCompanion, fake_zendesk: FakeZendesk
) -> None:
    prepare(qtbot, app, "upgrade_assistance")
    qtbot.mouseClick(app.window.preCallButton, Qt.MouseButton.LeftButton)
    dialog = message(qtbot, app, MessageKind.PRE_CALL)
    qtbot.keyClicks(dialog.fieldEdits["goals"], "Review the upgrade plan to 17.3")
    qtbot.keyClicks(dialog.fieldEdits["attendees"], "Your GitLab administrator")
    text = dialog.text()
    assert "Review the upgrade plan to 17.3" in text
    assert "Your GitLab administrator" in text
    assert "30 min" in text
    assert "access" in text
    assert dialog.post()
    qtbot.waitUntil(lambda: len(fake_zendesk.comments(TICKET)) == 1, timeout=5000)
    assert "Review the upgrade plan to 17.3" in str(fake_zendesk.comments(TICKET)[0]["body"])


def test_a_message_with_a_token_in_it_is_held_for_review(
    qtbot: QtBot, app: CallCompanion, fake_zendesk: FakeZendesk, monkeypatch: pytest.MonkeyPatch
) -> None:
    from callcompanion.gui import message_dialog

    seen: list[str] = []

    def refuse(_parent: object, text: str, **_kwargs: object) -> None:
        seen.append(text)
        return None  # the engineer went back to edit

    monkeypatch.setattr(message_dialog, "review", refuse)
    app.messages.open_message(MessageKind.INVITE, TicketRef(TICKET))
    dialog = message(qtbot, app, MessageKind.INVITE)
    dialog.textEdit.setPlainText("Use glpat-" + "A1b2C3d4E5f6G7h8I9j0" + " to sign in.")
    assert not dialog.post()
    (reviewed,) = seen
    assert "glpat-" in reviewed
    assert fake_zendesk.comments(TICKET) == []


def test_upgrade_information_goes_to_an_internal_note_and_the_organization(
    qtbot: QtBot, app: CallCompanion, fake_zendesk: FakeZendesk
) -> None:
    prepare(qtbot, app, "upgrade_assistance")
    row = app.window.before_panel.rows["upgrade_info"]
    kind = row.fields["installation_type"]
    assert isinstance(kind, QComboBox), "a field with options is a drop-down"
    kind.setCurrentIndex(kind.findData("Helm chart"))
    qtbot.keyClicks(row.fields["current_version"], "16.11.2")
    qtbot.keyClicks(row.fields["target_version"], "17.3.1")
    buttons = {b.text(): b for b in row.findChildren(QPushButton)}

    qtbot.mouseClick(buttons["Post as internal note"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(fake_zendesk.comments(TICKET)) == 1, timeout=5000)
    (note,) = fake_zendesk.comments(TICKET)
    assert note["public"] is False
    for fact in ("Helm chart", "16.11.2", "17.3.1"):
        assert fact in str(note["body"])

    qtbot.mouseClick(buttons["Add to the organization's notes"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "17.3.1" in fake_zendesk.organizations[77]["notes"], timeout=5000)
    assert f"#{TICKET}" in fake_zendesk.organizations[77]["notes"]
    assert len(fake_zendesk.comments(TICKET)) == 1


# -- the team's checklists ------------------------------------------------------------------------


def test_a_broken_team_checklist_file_is_named_and_the_defaults_are_used(
    make_companion: MakeCompanion, profile: AppPaths
) -> None:
    profile.create()
    (profile.config_dir / "checklists.toml").write_text('[[item]]\nid = "x"\nstage = "later"\n')
    companion = make_companion()
    notices = " ".join(companion.window.notices())
    assert "checklists.toml" in notices
    assert "stage" in notices
    assert companion.checklists.checklists.get("backup_done") is not None


def test_the_team_checklist_replaces_the_defaults(
    qtbot: QtBot, make_companion: MakeCompanion, profile: AppPaths
) -> None:
    profile.create()
    (profile.config_dir / "checklists.toml").write_text(
        '[[item]]\nid = "vpn"\nstage = "start"\ntitle = "Customer is on the VPN"\n'
        'outcome = "VPN checked"\n'
    )
    companion = make_companion()
    prepare(qtbot, companion, "troubleshooting")
    qtbot.mouseClick(companion.window.startButton, Qt.MouseButton.LeftButton)
    assert list(companion.window.call_panel.rows) == ["vpn"]


def test_a_team_item_offers_the_actions_its_file_declares(
    qtbot: QtBot, make_companion: MakeCompanion, profile: AppPaths
) -> None:
    profile.create()
    (profile.config_dir / "checklists.toml").write_text(
        '[[item]]\nid = "site_facts"\nstage = "before"\ntitle = "Site facts collected"\n'
        'actions = ["post_internal_note"]\n'
        '[[item.fields]]\nid = "region"\nlabel = "Region"\n'
        '[[item]]\nid = "bridge_facts"\nstage = "start"\ntitle = "Bridge facts"\n'
        'actions = ["post_organization_notes"]\n'
        '[[item.fields]]\nid = "bridge"\nlabel = "Bridge number"\n'
    )
    companion = make_companion()
    window = companion.window
    prepare(qtbot, companion, "troubleshooting")
    row = window.before_panel.rows["site_facts"]
    qtbot.keyClicks(row.fields["region"], "eu-west")
    buttons = {b.text(): b for b in row.findChildren(QPushButton)}
    assert "Add to the organization's notes" not in buttons, "only what the item declares"
    with qtbot.waitSignal(window.upgrade_info_posted) as posted:
        qtbot.mouseClick(buttons["Post as internal note"], Qt.MouseButton.LeftButton)
    where, ticket, result = posted.args
    assert (where, ticket, result.item_id) == ("note", TicketRef(TICKET), "site_facts")
    assert result.values["region"] == "eu-west"

    qtbot.mouseClick(window.startButton, Qt.MouseButton.LeftButton)
    row = window.call_panel.rows["bridge_facts"]
    buttons = {b.text(): b for b in row.findChildren(QPushButton)}
    with qtbot.waitSignal(window.upgrade_info_posted) as posted:
        qtbot.mouseClick(buttons["Add to the organization's notes"], Qt.MouseButton.LeftButton)
    where, ticket, result = posted.args
    assert (where, ticket, result.item_id) == ("organization", TicketRef(TICKET), "bridge_facts")


def test_an_unknown_action_in_the_team_file_is_named(
    make_companion: MakeCompanion, profile: AppPaths
) -> None:
    profile.create()
    (profile.config_dir / "checklists.toml").write_text(
        '[[item]]\nid = "x"\nstage = "before"\ntitle = "X"\nactions = ["fax_it"]\n'
        '[[item.fields]]\nid = "y"\nlabel = "Y"\n'
    )
    notices = " ".join(make_companion().window.notices())
    assert "checklists.toml" in notices
    assert "“fax_it”" in notices
    assert "The default checklists are used instead." in notices


# -- messages that cannot go out half-filled -------------------------------------------------------


@pytest.fixture
def bare_app(
    make_companion: MakeCompanion,
    fake_zendesk: FakeZendesk,
    profile: AppPaths,
    monkeypatch: pytest.MonkeyPatch,
) -> CallCompanion:
    """Connected to Zendesk, but with no name, no personal link and no Calendly set up."""
    from dataclasses import replace

    from callcompanion.services.settings_file import load_settings, save_settings

    connect_to(fake_zendesk, profile, monkeypatch)
    loaded = load_settings(profile.settings_file).settings
    save_settings(profile.settings_file, replace(loaded, engineer_name=""))
    return make_companion()


def no_show(qtbot: QtBot, companion: CallCompanion, clock: FakeClock) -> MessageDialog:
    prepare(qtbot, companion, "troubleshooting")
    qtbot.mouseClick(companion.window.startButton, Qt.MouseButton.LeftButton)
    clock.advance(minutes=10)
    companion.controller.tick_now()
    click_answer(qtbot, companion, PromptKind.NO_SHOW, Answer.CUSTOMER_NO_SHOW)
    return message(qtbot, companion, MessageKind.NO_SHOW)


def test_a_no_show_reply_without_link_or_name_is_not_posted_until_filled_in(
    qtbot: QtBot, bare_app: CallCompanion, fake_zendesk: FakeZendesk, clock: FakeClock
) -> None:
    dialog = no_show(qtbot, bare_app, clock)
    assert "[scheduling link]" in dialog.text()
    assert "[your name]" in dialog.text()
    assert not dialog.missingLabel.isHidden()
    assert "your name" in dialog.missingLabel.text()
    assert "a scheduling link" in dialog.missingLabel.text()

    qtbot.mouseClick(dialog.postButton, Qt.MouseButton.LeftButton)
    assert dialog.entry_id is None, "refused"
    assert "Not posted" in dialog.problem.text()
    assert "“[scheduling link]”" in dialog.problem.text()
    assert "“[your name]”" in dialog.problem.text()
    assert not dialog.postAnywayButton.isHidden()

    # The fixes are right there: a name and a link.
    assert not dialog.fixBox.isHidden()
    dialog.linkFixEdit.setText("https://calendly.com/ana\n.evil.com")
    qtbot.mouseClick(dialog.useLinkButton, Qt.MouseButton.LeftButton)
    assert "line break" in dialog.problem.text()
    assert "[scheduling link]" in dialog.text()
    dialog.linkFixEdit.setText("https://calendly.com/ana-example/support")
    qtbot.mouseClick(dialog.useLinkButton, Qt.MouseButton.LeftButton)
    dialog.nameFixEdit.setText("Ana Example")
    qtbot.mouseClick(dialog.signButton, Qt.MouseButton.LeftButton)
    assert dialog.missing() == []
    assert dialog.missingLabel.isHidden()
    assert dialog.postAnywayButton.isHidden()
    assert bare_app.settings.value.engineer_name == "Ana Example", "kept for next time"

    qtbot.mouseClick(dialog.postButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(fake_zendesk.comments(TICKET)) == 1, timeout=5000)
    body = str(fake_zendesk.comments(TICKET)[0]["body"])
    assert "https://calendly.com/ana-example/support" in body
    assert body.endswith("Best regards,\nAna Example"), "signed, and nothing after the name"
    assert "[" not in body, "no placeholder reached the customer"


def test_an_edited_message_that_lost_its_signature_is_caught(
    qtbot: QtBot, app: CallCompanion, fake_zendesk: FakeZendesk
) -> None:
    app.messages.open_message(MessageKind.INVITE, TicketRef(TICKET))
    dialog = message(qtbot, app, MessageKind.INVITE)
    dialog.textEdit.setPlainText("Hello,\n\nPlease book a call: [link]\n\nBest regards,\n")
    assert not dialog.post()
    assert "“[link]”" in dialog.problem.text()
    assert "your name" in dialog.problem.text()
    dialog.nameFixEdit.setText("Ana Example")
    qtbot.mouseClick(dialog.signButton, Qt.MouseButton.LeftButton)
    assert dialog.text().endswith("Best regards,\nAna Example\n")
    assert [m.seen for m in dialog.missing()] == ["[link]"]
    assert fake_zendesk.comments(TICKET) == []


def test_posting_anyway_is_a_deliberate_choice_naming_what_is_missing(
    qtbot: QtBot, bare_app: CallCompanion, fake_zendesk: FakeZendesk, clock: FakeClock
) -> None:
    dialog = no_show(qtbot, bare_app, clock)
    assert dialog.postAnywayButton.isHidden(), "only offered after a refused post"
    assert not dialog.post()
    assert "a scheduling link and your name" in dialog.problem.text()
    qtbot.mouseClick(dialog.postAnywayButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(fake_zendesk.comments(TICKET)) == 1, timeout=5000)
    assert "[scheduling link]" in str(fake_zendesk.comments(TICKET)[0]["body"])
