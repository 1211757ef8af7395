"""Summaries: drafts kept as they are typed, posted through the outbox, reminded when forgotten."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from callcompanion.controllers.outbox import OutboxController
from callcompanion.controllers.settings import SettingsModel
from callcompanion.core.call import CallRecord, Outcome
from callcompanion.core.call_changes import call_changes, merged
from callcompanion.core.macro_actions import without_status
from callcompanion.core.outbox_kind import OutboxKind
from callcompanion.core.summary import (
    INTERNAL_TEMPLATE,
    PUBLIC_TEMPLATE,
    SummaryDraft,
    SummaryState,
    as_posted,
    new_draft,
    new_marker,
    summary_context,
    with_marker,
)
from callcompanion.core.templates import TemplateError, TemplateLibrary
from callcompanion.core.ticket_changes import TicketChanges
from callcompanion.services.outbox import EntryState, NewPost, OutboxEntry
from callcompanion.services.storage import Store, StoreError
from callcompanion.services.summaries import DraftWriter, SummaryStore

log = logging.getLogger(__name__)

MAX_TIMER_MS = 60 * 60 * 1000


class SummaryController(QObject):
    """Owns the summary drafts.

    Signals:
        changed: A draft was saved, posted or dismissed.
        remind: A summary is overdue; carries the ended :class:`CallRecord`.
        problem: A draft could not be saved; carries a sentence.
        draft_written: A draft handed to :meth:`save_in_background` reached the disk (error
            ``""``) or could not be saved (a sentence); carries the draft and the error.
    """

    changed = Signal()
    remind = Signal(object)
    problem = Signal(str)
    draft_written = Signal(object, str)
    # From the writer thread to this object's thread (a queued connection).
    _written = Signal(object, str)

    def __init__(
        self,
        store: Store,
        outbox: OutboxController,
        settings: SettingsModel,
        templates: TemplateLibrary,
        now: Callable[[], datetime],
        parent: QObject | None = None,
        *,
        checklist_outcomes: Callable[[CallRecord], list[str]] = lambda _record: [],
    ) -> None:
        super().__init__(parent)
        self._checklist_outcomes = checklist_outcomes
        self._store = store
        self._summaries = SummaryStore(store)
        self._writer = DraftWriter(store)
        self._write_failing = False
        self._written.connect(self._on_written)
        self._outbox = outbox
        self._settings = settings
        self._templates = templates
        self._now = now
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.VeryCoarseTimer)
        self._timer.timeout.connect(self.check_reminders)
        outbox.sent.connect(self._on_sent)
        settings.changed.connect(self.check_reminders)

    def now(self) -> datetime:
        return self._now()

    def checklist_outcomes(self, record: CallRecord) -> list[str]:
        return self._checklist_outcomes(record)

    def pat_prefixes(self) -> tuple[str, ...]:
        return self._settings.value.pat_prefixes

    # -- drafts ---------------------------------------------------------------------------------

    def draft(self, call_id: str) -> SummaryDraft:
        """The saved draft, or a new one with the default status and tags."""
        try:
            found = self._summaries.get(call_id)
        except StoreError as err:
            self.problem.emit(str(err))
            found = None
        return found or new_draft(call_id, self._settings.value, self._now())

    def save_in_background(self, draft: SummaryDraft) -> None:
        """Write what was typed in *draft* on the writer thread; :attr:`draft_written` follows.

        The stored state (queued, posted, dismissed) and reminder time are left as they are.
        """

        def done(written: SummaryDraft, error: StoreError | None) -> None:
            try:
                self._written.emit(written, str(error) if error else "")
            except RuntimeError:  # the controller is gone (the app is closing)
                log.debug("a draft was written after the summaries closed")

        self._writer.submit(draft, done)

    def save_text(self, draft: SummaryDraft) -> bool:
        """Write what was typed in *draft* now, after any write of it still under way."""
        self._settle(draft.call_id)
        try:
            self._summaries.save_text(draft)
        except StoreError as err:
            self._report_failure(str(err))
            return False
        self._write_failing = False
        self.changed.emit()
        return True

    def wait_for_writes(self, call_id: str) -> None:
        """Return once every draft of *call_id* handed to the writer thread is on the disk."""
        if not self._writer.wait(call_id):
            log.warning("the summary draft of %s is still being written", call_id)

    def _settle(self, call_id: str) -> None:
        # A write about to happen here supersedes the snapshot still waiting, and must land
        # after the one under way.
        self._writer.discard(call_id)
        self.wait_for_writes(call_id)

    def _on_written(self, draft: SummaryDraft, error: str) -> None:
        if self._store.closed:
            # The writer's answer came in after the app closed its store (a quit, with the
            # event loop still turning): the draft is on the disk, nobody is left to tell.
            log.debug("a draft was written after the store closed")
            return
        if error:
            self._report_failure(error)
        else:
            self._write_failing = False
            self.changed.emit()
        self.draft_written.emit(draft, error)

    def _report_failure(self, error: str) -> None:
        # Once per spell of failures: typing goes on, and a notice per second helps nobody.
        if not self._write_failing:
            self._write_failing = True
            self.problem.emit(error)

    def open_drafts(self) -> list[tuple[CallRecord, SummaryDraft]]:
        """Drafts of ended calls not yet posted or dismissed, oldest first."""
        result = []
        try:
            for draft in self._summaries.drafts():
                record = self._store.call(draft.call_id)
                # A no-show's post is its apology: it owes no summary.
                if record is not None and record.ended and record.outcome is not Outcome.NO_SHOW:
                    result.append((record, draft))
        except StoreError as err:
            self.problem.emit(str(err))
        return result

    def render(
        self, record: CallRecord, draft: SummaryDraft, *, internal: bool = False
    ) -> tuple[str, str | None]:
        """The reply (or internal note) from the template, or ``("", problem)``."""
        name = INTERNAL_TEMPLATE if internal else PUBLIC_TEMPLATE
        context = summary_context(
            record, draft, self._settings.value, checklist=self._checklist_outcomes(record)
        )
        try:
            return self._templates.render(name, context), None
        except TemplateError as err:
            return "", f"{err}. Fix the template in Settings, or delete it to use the default."

    # -- posting ----------------------------------------------------------------------------------

    def post(
        self, record: CallRecord, draft: SummaryDraft, *, updated_stamp: str | None
    ) -> list[int]:
        """Hand the summary to the outbox (and save the draft as queued), atomically.

        The first post (the reply, or the note when there is no reply) carries the changes to
        the ticket: the draft's status and tags, the call's outcome tag and time spent, and
        the changes of the macro applied to the draft on top (its status is the draft's own:
        the engineer may have chosen another since); the second is a plain note.
        """
        settings = self._settings.value
        connection = settings.connection_for(record.ticket, record.connection_id)
        connection_id = connection.id if connection else None
        # A no-show's reply reports on the call (its tag, the time waited), not its summary.
        own = call_changes(record, settings) if record.outcome is not Outcome.NO_SHOW else None
        extra = merged(
            merged(TicketChanges(status=draft.status, add_tags=draft.tags), own or TicketChanges()),
            without_status(draft.macro.changes) if draft.macro else TicketChanges(),
        )
        posts = []
        if draft.body.strip():
            marker = new_marker()
            posts.append(
                NewPost(
                    ticket=record.ticket.number,
                    body=as_posted(draft.body, marker, public=draft.public),
                    public=draft.public,
                    marker=marker,
                    kind=OutboxKind.SUMMARY,
                    label=f"Summary for {record.ticket}",
                    call_id=record.id,
                    connection_id=connection_id,
                    updated_stamp=updated_stamp,
                    changes=extra,
                )
            )
        if draft.internal_note.strip():
            marker = new_marker()
            posts.append(
                NewPost(
                    ticket=record.ticket.number,
                    body=with_marker(draft.internal_note, marker),
                    public=False,
                    marker=marker,
                    kind=OutboxKind.SUMMARY_NOTE,
                    label=f"Internal note for {record.ticket}",
                    call_id=record.id,
                    connection_id=connection_id,
                    updated_stamp=None if posts else updated_stamp,
                    changes=TicketChanges() if posts else extra,
                )
            )
        if not posts:
            raise ValueError("There is nothing to post: the reply and the internal note are empty.")
        queued = draft.with_changes(self._now(), state=SummaryState.QUEUED)
        self._settle(record.id)
        try:
            # The draft, the outbox rows and the claim of the first of them in one commit:
            # the request leaves as soon as it is on the disk.
            with self._outbox.posting("queue the summary") as tx:
                self._summaries.save(queued, conn=tx)
                ids = self._outbox.add(posts, conn=tx)
        except StoreError as err:
            self.problem.emit(str(err))
            raise
        log.info("summary for %s queued as outbox %s", record.ticket, ids)
        self.changed.emit()
        self.check_reminders()
        return ids

    def dismiss(self, call_id: str) -> None:
        """No summary is needed; the text typed so far stays as it is."""
        draft = self.draft(call_id)
        try:
            with self._store.transaction("update the summary") as tx:
                self._summaries.create(draft, conn=tx)
                self._summaries.set_state(call_id, SummaryState.DISMISSED, conn=tx)
        except StoreError as err:
            self.problem.emit(str(err))
        else:
            self.changed.emit()
        self.check_reminders()

    def not_needed(self, call_id: str) -> None:
        """The call owes no summary (the customer did not show): a draft stops being one.

        What was typed stays as it is; nothing is stored for a call that has no draft.
        """
        try:
            found = self._summaries.get(call_id)
            if found is None or found.state is not SummaryState.DRAFT:
                return
            self._settle(call_id)
            self._summaries.set_state(call_id, SummaryState.DISMISSED)
        except StoreError as err:
            self.problem.emit(str(err))
            return
        self.changed.emit()
        self.check_reminders()

    def _on_sent(self, entry: OutboxEntry) -> None:
        """A queued summary is posted once its reply and its note are.

        Other posts of the same call (a no-show reply, an emergency follow-up) say nothing
        about the summary.
        """
        if not entry.call_id or entry.kind is None or not entry.kind.is_summary:
            return
        try:
            draft = self._summaries.get(entry.call_id)
            if draft is None or draft.state is not SummaryState.QUEUED:
                return
            parts = [
                p
                for p in self._outbox.outbox.for_call(entry.call_id)
                if p.kind is not None and p.kind.is_summary
            ]
            if all(p.state is EntryState.SENT for p in parts):
                self._summaries.set_state(entry.call_id, SummaryState.POSTED)
                self.changed.emit()
        except StoreError as err:
            self.problem.emit(str(err))

    # -- reminders --------------------------------------------------------------------------------

    def check_reminders(self) -> None:
        """Remind about every overdue summary, then sleep until the next one is due."""
        now = self._now()
        settings = self._settings.value
        first = timedelta(minutes=settings.reminder_minutes)
        repeat = timedelta(minutes=settings.reminder_repeat_minutes)
        next_due: datetime | None = None
        for record, draft in self.open_drafts():
            ended = record.ended_wall
            if ended is None:
                continue
            due = ended + first
            if draft.reminded_at is not None:
                due = max(due, draft.reminded_at + repeat)
            if due <= now:
                log.info("summary for %s is overdue", record.ticket)
                try:
                    self._summaries.mark_reminded(record.id, now)
                except StoreError as err:
                    self.problem.emit(str(err))
                self.remind.emit(record)
                due = now + repeat
            next_due = due if next_due is None else min(next_due, due)
        if next_due is None:
            self._timer.stop()
        else:
            delay = max(1000, int((next_due - now).total_seconds() * 1000))
            self._timer.start(min(delay, MAX_TIMER_MS))

    def ensure_draft(self, record: CallRecord) -> SummaryDraft:
        """Keep a draft for an ended call even if nothing was typed (so it is reminded)."""
        draft = self.draft(record.id)
        if draft.state is SummaryState.DRAFT:
            try:
                # Only when there is none yet: what is stored (or on its way) is never replaced.
                self._summaries.create(draft)
            except StoreError as err:
                self.problem.emit(str(err))
            else:
                self.changed.emit()
        self.check_reminders()
        return draft
