"""Sends what is in the outbox, one attempt at a time, on a worker thread.

The store is touched only here, on the GUI thread; a worker gets a copy of the entry, gets a
client from :class:`~callcompanion.services.zendesk_auth.ZendeskAuth` (an API token from the
keyring, or the engineer's Zendesk sign-in) and makes the HTTP calls. The timer is armed for
the next retry only while something waits, so an idle app has none.

What the GUI thread does per post does not grow with the queue: the next entry and the counts
are indexed SQL queries, and the views hear of changes once per turn of the event loop
(:attr:`OutboxController.changed`, with the ids in :attr:`OutboxController.entries_changed`),
however many entries changed in it.

Entries are claimed in the store before they are attempted (so another app on the same store
cannot send them too), up to :data:`BATCH_SIZE` in one transaction, and sent one after another;
the claims are renewed every :data:`LEASE_RENEW_SECONDS` while the batch runs. Their outcomes are
stored together: when the batch is done (in the same commit as the next batch's claim), or
:data:`STORE_OUTCOMES_MS` after the first one came in, whichever is first. The views and the
``sent``/``failed`` listeners hear of an outcome once it is stored. A post written with
:meth:`OutboxController.posting` is claimed in the transaction that writes it, so its request
leaves as soon as that commit is on the disk.

At quit, :meth:`OutboxController.stop` stops the request under way at once, stores the outcomes
already known, gives back what the batch had not attempted yet, gives the claim under way up
with the outcome marked unknown (the next start looks for the marker), and drops the worker's
late report.
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from callcompanion.controllers.outbox_attempts import NO_CONNECTION, Attempts, unexpected
from callcompanion.controllers.outbox_changes import ChangeNotes
from callcompanion.controllers.outbox_counts import OutboxCounts
from callcompanion.controllers.settings import SettingsModel
from callcompanion.core.connections import ZendeskConnection
from callcompanion.core.outbox_kind import OutboxKind
from callcompanion.core.summary import as_posted, new_marker
from callcompanion.core.ticket import TicketRef
from callcompanion.core.ticket_changes import TicketChanges
from callcompanion.services.outbox import (
    LEASE_RENEW_SECONDS,
    Delivery,
    EntryState,
    NewPost,
    Outbox,
    OutboxEntry,
)
from callcompanion.services.storage import Store, StoreError
from callcompanion.services.zendesk_auth import ZendeskAuth

log = logging.getLogger(__name__)

MAX_TIMER_MS = 60 * 60 * 1000
# How many entries one transaction claims. Each is renewed with the others while the batch
# runs, so a batch never outlives its lease; a small number keeps the entries another app on
# the same store could take, and those the engineer can still edit, close at hand.
BATCH_SIZE = 32
# Outcomes known but not yet stored are stored at the latest this long after the first of them
# came in, even while the batch goes on (a slow request does not hold the others' back).
STORE_OUTCOMES_MS = 100
# A write to the store that failed (another app on the same store holding it a moment too
# long, a disk briefly gone) is tried again this long after, outcomes not yet stored included.
STORE_RETRY_MS = 30_000


class OutboxController(QObject):
    """Owns sending.

    Signals:
        changed: Entries were added, claimed, sent, failed, retried, edited or discarded. Once
            per turn of the event loop, however many changed in it.
        entries_changed: Just before ``changed``: the ids of the entries that changed (a
            ``frozenset``), or ``None`` when any may have (connections changed, a restart).
        sent: An entry was confirmed by Zendesk; carries the :class:`OutboxEntry`.
        failed: An entry needs the engineer; carries the :class:`OutboxEntry`.
    """

    changed = Signal()
    entries_changed = Signal(object)
    sent = Signal(object)
    failed = Signal(object)
    # From the sending thread to this object's thread (a queued connection): entry, outcome.
    _attempted = Signal(object, object)

    def __init__(
        self,
        store: Store,
        outbox: Outbox,
        settings: SettingsModel,
        auth: ZendeskAuth,
        now: Callable[[], datetime],
        *,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._outbox = outbox
        self._settings = settings
        self._now = now
        self._known_connections = settings.value.zendesk_connections
        # The batch: claimed in the store and not attempted yet, in the order they go out.
        self._batch: deque[tuple[OutboxEntry, ZendeskConnection]] = deque()
        self._sending: OutboxEntry | None = None  # the attempt under way
        # Outcomes known and not yet stored, and entries of the batch that will not be
        # attempted (the post before them in their ticket did not go out): given back.
        self._outcomes: list[tuple[OutboxEntry, Delivery]] = []
        self._given_back: list[OutboxEntry] = []
        # The ticket queues (ticket, connection) whose post in this batch did not go out.
        self._held_back: set[tuple[int, str | None]] = set()
        # The ticket's stamp as the last post of this batch to it left it, for the next one.
        self._stamps: dict[tuple[int, str | None], str | None] = {}
        # Set by stop() on the GUI thread, read by the attempt on its worker thread.
        self._stopped = threading.Event()
        self._attempts = Attempts(auth, self._stopped, lambda: settings.value)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.VeryCoarseTimer)
        self._timer.timeout.connect(self.kick)
        self._lease_timer = QTimer(self)
        self._lease_timer.setInterval(int(LEASE_RENEW_SECONDS * 1000))
        self._lease_timer.timeout.connect(self._renew_claims)
        self._store_timer = QTimer(self)
        self._store_timer.setSingleShot(True)
        self._store_timer.setInterval(STORE_OUTCOMES_MS)
        self._store_timer.timeout.connect(self._store_outcomes_so_far)
        # Changes are told once per turn of the event loop.
        self._changes = ChangeNotes(self._tell_changes, self)
        self._touch, self._touch_all = self._changes.touch, self._changes.touch_all
        self._kick_timer = QTimer(self)
        self._kick_timer.setSingleShot(True)
        self._kick_timer.setInterval(0)
        self._kick_timer.timeout.connect(self.kick)
        self._sender: threading.Thread | None = None
        self._to_send: queue.SimpleQueue[tuple[OutboxEntry, ZendeskConnection] | None] = (
            queue.SimpleQueue()
        )
        self._attempted.connect(self._finished)
        settings.changed.connect(self._on_settings_changed)

    @property
    def outbox(self) -> Outbox:
        return self._outbox

    @property
    def busy(self) -> bool:
        """This app holds claims: a batch is being sent, or its outcomes are not stored yet."""
        return self._sending is not None or bool(self._batch) or bool(self._outcomes)

    def start(self) -> None:
        """After a restart: attempts cut short are checked before anything is re-sent."""
        try:
            recovered = self._outbox.recover(self._now())
        except StoreError as err:
            log.error("outbox recovery failed: %s", err)
            return
        if recovered:
            log.info(
                "outbox: %d post(s) were interrupted; their markers will be checked", recovered
            )
        self.connections_changed()

    def stop(self) -> None:
        """At quit: send nothing more, stop the request under way, give its claim up.

        Returns at once, whatever the network is doing. The attempt under way counts as an
        unknown outcome, so the next start looks for its marker before sending it again.
        """
        if self._stopped.is_set():
            return
        self._stopped.set()
        self._timer.stop()
        self._lease_timer.stop()
        self._store_timer.stop()
        self._to_send.put(None)  # the sending thread ends after the attempt under way
        self._attempts.abort_all()
        if not self.busy:
            return
        # Nothing was sent for what the batch had not attempted yet: it waits as it was.
        self._given_back += [entry for entry, _connection in self._batch]
        self._batch.clear()
        try:
            with self._store.transaction("note the interrupted posts") as tx:
                self._write_outcomes(tx, self._now())
                released = self._outbox.release(conn=tx)
        except StoreError as err:
            log.error("outbox: %s", err)
        else:
            if released:
                log.info("outbox: %d post(s) interrupted by quitting; checked next time", released)
        self._sending = None

    def counts(self) -> OutboxCounts:
        """Open posts by state, counted in SQL (no entry is read)."""
        try:
            by_state = self._outbox.counts()
        except StoreError as err:
            log.warning("outbox unreadable for its counts: %s", err)
            return OutboxCounts()
        return OutboxCounts.of(by_state)

    def enqueue(
        self,
        *,
        ticket: TicketRef,
        text: str,
        public: bool,
        kind: OutboxKind,
        label: str,
        call_id: str | None = None,
        connection_id: str | None = None,
        organization_id: int | None = None,
        updated_stamp: str | None = None,
        changes: TicketChanges | None = None,
    ) -> int:
        """Write one post (with its marker) and start sending it, with *changes* to its ticket."""
        connection = self._settings.value.connection_for(ticket, connection_id)
        marker = new_marker()
        post = NewPost(
            ticket=ticket.number,
            body=as_posted(text, marker, public=public),
            public=public,
            marker=marker,
            kind=kind,
            label=label,
            call_id=call_id,
            connection_id=connection.id if connection else None,
            organization_id=organization_id,
            updated_stamp=updated_stamp,
            changes=changes or TicketChanges(),
        )
        with self.posting("save the post") as tx:  # the post and its claim at once
            (entry_id,) = self._outbox.add(
                [post], self._now(), connected=connection is not None, conn=tx
            )
        self._touch(entry_id)
        return entry_id

    @contextmanager
    def posting(self, action: str) -> Iterator[sqlite3.Connection]:
        """A store transaction for the caller's writes and the posts it adds (:meth:`add`).

        The next entries to send are claimed in it too, so once it is committed the first
        request leaves without another write to the disk. Nothing is claimed or sent when the
        caller's block raises (the transaction is rolled back); raises ``StoreError``.
        """
        found: list[tuple[OutboxEntry, ZendeskConnection]] = []
        with self._store.transaction(action) as tx:
            yield tx
            found = self._claim_batch(tx, self._now())
        if found:
            self._start_batch(found)
        else:
            self.kick()  # arms the timer for what waits

    def add(self, posts: Sequence[NewPost], conn: sqlite3.Connection) -> list[int]:
        """Write *posts* inside the caller's transaction *conn*; they go once it is committed.

        Each waits for a connection if it has none. Inside :meth:`posting` they are claimed
        in that transaction and sent once it is committed; otherwise sending starts when
        control is back in the event loop (after the caller's commit).
        """
        connected = all(post.connection_id is not None for post in posts)
        ids = self._outbox.add(posts, self._now(), connected=connected, conn=conn)
        self._touch(*ids)
        self._kick_timer.start()
        return ids

    # -- the engineer's actions -------------------------------------------------------------------

    def retry(self, entry_id: int) -> bool:
        """Another attempt now; False while the post is being sent (its outcome comes first)."""
        done = self._outbox.retry(
            entry_id, connected=bool(self._settings.value.zendesk_connections)
        )
        self._touch(entry_id)
        self.kick()
        return done

    def discard(self, entry_id: int) -> bool:
        """False while the post is being sent: it may already be in Zendesk."""
        done = self._outbox.discard(entry_id)
        self._touch(entry_id)
        self.kick()
        return done

    @property
    def pat_prefixes(self) -> tuple[str, ...]:
        """The instance's own token prefixes, for the secret scan of an edited post."""
        return self._settings.value.pat_prefixes

    def edit(self, entry_id: int, body: str) -> bool:
        """New text and another attempt; False while the post is being sent."""
        if not self._outbox.edit(entry_id, body):
            self._touch(entry_id)
            return False
        return self.retry(entry_id)

    def tokens_saved(self, keyring_users: Iterable[str]) -> None:
        """Tokens were saved: posts Zendesk refused for those connections' tokens go now."""
        users = set(keyring_users)
        self._resume(
            c.id
            for c in self._settings.value.zendesk_connections
            if c.keyring_user in users or c.oauth_keyring_user in users
        )

    def signed_in(self, connection: ZendeskConnection, _who: object = None) -> None:
        """Signed in with Zendesk: posts refused for the old sign-in, or waiting, go now."""
        self._resume([connection.id])

    def refused_connections(self) -> set[str]:
        """The connections with posts Zendesk refused for their credentials (they wait)."""
        try:
            failed = self._outbox.entries([EntryState.FAILED])
        except StoreError as err:
            log.error("outbox: %s", err)
            return set()
        return {e.connection_id for e in failed if e.auth_failed and e.connection_id}

    def _resume(self, connection_ids: Iterable[str]) -> None:
        try:
            resumed = self._outbox.resume_auth(connection_ids)
        except StoreError as err:
            log.error("outbox: %s", err)
        else:
            if resumed:
                log.info("outbox: %d post(s) resumed with the new credentials", resumed)
        self.connections_changed()

    def _on_settings_changed(self) -> None:
        connections = self._settings.value.zendesk_connections
        if connections != self._known_connections:
            before = set(self._known_connections)
            self._known_connections = connections
            changed = [c.id for c in connections if c not in before]
            try:
                self._outbox.resume_auth(changed)  # a corrected email or address: try again
            except StoreError as err:
                log.error("outbox: %s", err)
            self.connections_changed()

    def connections_changed(self) -> None:
        """New or changed connections or tokens: posts that waited for one may go now."""
        settings = self._settings.value
        if settings.zendesk_connections:
            try:
                for entry in self._outbox.entries([EntryState.NOT_CONNECTED]):
                    connection = settings.connection_for(
                        self._ticket_of(entry), entry.connection_id
                    )
                    if connection is not None:
                        self._outbox.connect(connection.id, entry.id)
            except StoreError as err:
                log.error("outbox: %s", err)
        self._attempts.connections_changed()
        self._touch_all()
        self.kick()

    def _ticket_of(self, entry: OutboxEntry) -> TicketRef:
        """The entry's ticket, with the subdomain of its call's ticket when it has one."""
        record = self._store.call(entry.call_id) if entry.call_id else None
        return TicketRef(entry.ticket, record.ticket.subdomain if record else None)

    def _tell_changes(self, ids: frozenset[int] | None) -> None:
        self.entries_changed.emit(ids)
        self.changed.emit()

    # -- sending ----------------------------------------------------------------------------------

    def kick(self) -> None:
        """Start the next due batch, or arm the timer for the next retry.

        Outcomes whose write failed are written first (and the next batch claimed with them).
        """
        if self._sending is not None or self._batch or self._stopped.is_set():
            return
        if self._outcomes or self._given_back:
            self._store_outcomes(next_batch=True)
            return
        now = self._now()
        try:
            with self._store.transaction("note the post attempt") as tx:
                found = self._claim_batch(tx, now)
                wake = None if found else self._outbox.next_wake()
        except StoreError as err:
            log.error("outbox: %s Trying again in %g s.", err, STORE_RETRY_MS / 1000)
            self._timer.start(STORE_RETRY_MS)
            return
        if found:
            self._start_batch(found)
        else:
            self._arm(wake, now)

    def _claim_batch(
        self, tx: sqlite3.Connection, now: datetime
    ) -> list[tuple[OutboxEntry, ZendeskConnection]]:
        """Inside *tx*: claim the next due entries, in the order they are to go out.

        Up to :data:`BATCH_SIZE`; a ticket's later posts may follow its first one in the batch
        (they go only if it does). One without a connection waits for one instead. The
        transaction holds the store's write lock, so no other app claims meanwhile; the first
        attempt may start once it is committed.
        """
        if self.busy or self._stopped.is_set():
            return []
        found: list[tuple[OutboxEntry, ZendeskConnection]] = []
        for _ in range(BATCH_SIZE + 100):  # bounded, whatever the store holds
            if len(found) == BATCH_SIZE:
                break
            entry = self._outbox.next_due(now, after_own_claims=True)
            if entry is None:
                break
            connection = self._settings.value.connection(entry.connection_id)
            if connection is None:
                self._outbox.disconnect(entry, NO_CONNECTION, conn=tx)
                self._touch(entry.id)
                continue
            claimed = self._outbox.claim(entry, now, conn=tx)
            if claimed is None:  # taken meanwhile by a sender next_due could not tell from
                break
            found.append((claimed, connection))
        return found

    def _start_batch(self, batch: list[tuple[OutboxEntry, ZendeskConnection]]) -> None:
        """The claims of *batch* are committed: send its entries one after another."""
        self._batch.extend(batch)
        self._held_back.clear()
        self._stamps.clear()
        self._touch(*(entry.id for entry, _connection in batch))
        self._lease_timer.start()
        self._send_next()

    def _send_next(self) -> bool:
        """Hand the batch's next entry to a worker; False when the batch has none left.

        An entry whose ticket had a post in this batch that did not go out is given back
        unattempted: posts to one ticket go in order.
        """
        while self._batch:
            entry, connection = self._batch.popleft()
            queue = (entry.ticket, entry.connection_id)
            if queue in self._stamps:
                entry = replace(entry, updated_stamp=self._stamps[queue])
            if queue in self._held_back:
                self._given_back.append(entry)
                continue
            self._send(entry, connection)
            return True
        return False

    def _send(self, entry: OutboxEntry, connection: ZendeskConnection) -> None:
        """Hand the claimed entry (its claim committed) to the sending thread."""
        self._sending = entry
        if self._sender is None:
            # One thread for every attempt of this app, started with the first one: no
            # thread to start per post. A daemon thread: quitting never waits for it.
            self._sender = threading.Thread(
                target=self._send_on_thread, name="outbox sender", daemon=True
            )
            self._sender.start()
        self._to_send.put((entry, connection))

    def _send_on_thread(self) -> None:
        """The sending thread: one attempt after another, each reported to the GUI thread."""
        try:
            while (job := self._to_send.get()) is not None:
                entry, connection = job
                try:
                    result = self._attempts.attempt(entry, connection)
                except Exception as err:  # reported as an outcome, never lost in a thread
                    result = unexpected(err)
                if self._stopped.is_set():
                    return
                try:
                    self._attempted.emit(entry, result)
                except RuntimeError:  # the controller is gone (the app is closing)
                    return
        finally:
            self._attempts.close()

    def _renew_claims(self) -> None:
        if not self.busy or self._stopped.is_set():
            self._lease_timer.stop()
            return
        try:
            self._outbox.renew_all(self._now())
        except StoreError as err:
            log.error("outbox: %s", err)

    def _arm(self, wake: datetime | None, now: datetime) -> None:
        if wake is None:
            self._timer.stop()
            return
        delay_ms = max(0, int((wake - now).total_seconds() * 1000))
        self._timer.start(min(delay_ms, MAX_TIMER_MS))

    def _finished(self, entry: OutboxEntry, result: Delivery) -> None:
        """An attempt's outcome (on the GUI thread): the batch's next entry goes at once."""
        if self._stopped.is_set():
            log.debug("outbox %d: outcome after quitting dropped (checked next time)", entry.id)
            return
        self._sending = None
        self._outcomes.append((entry, result))
        queue = (entry.ticket, entry.connection_id)
        if result.state is EntryState.SENT:
            # The ticket's next posts in the batch go with the stamp this answer gave (the
            # store passes it on to the posts after the batch when the outcome is stored).
            self._stamps[queue] = result.updated_stamp
        else:
            self._held_back.add(queue)
        if self._send_next():
            if not self._store_timer.isActive():
                self._store_timer.start()
            return
        self._lease_timer.stop()
        self._store_timer.stop()
        self._store_outcomes(next_batch=True)

    def _store_outcomes_so_far(self) -> None:
        """The batch goes on, but what is known is stored now (and told)."""
        if self._outcomes and not self._stopped.is_set():
            self._store_outcomes(next_batch=False)

    def _store_outcomes(self, *, next_batch: bool) -> None:
        """Store the outcomes known so far in one commit; with *next_batch*, claim it in it too.

        Should the commit fail, the outcomes are kept (their entries stay claimed, the claims
        renewed) and written with the next try: :data:`STORE_RETRY_MS` later, or sooner with the
        batch's next outcome or a :meth:`kick`. Should the app stop first, the next start finds
        them by their markers.
        """
        now = self._now()
        told, given_back = self._outcomes, self._given_back
        found: list[tuple[OutboxEntry, ZendeskConnection]] = []
        wake = None
        try:
            with self._store.transaction("save the post's outcome") as tx:
                stored = self._write_outcomes(tx, now)
                if next_batch:
                    found = self._claim_batch(tx, now)
                    wake = None if found else self._outbox.next_wake()
        except StoreError as err:
            self._outcomes, self._given_back = told, given_back  # rolled back: not stored
            log.error(
                "outbox: could not record the outcome: %s Trying again in %g s.",
                err,
                STORE_RETRY_MS / 1000,
            )
            self._lease_timer.start()
            if next_batch:  # otherwise the batch goes on, and its end stores them
                self._timer.start(STORE_RETRY_MS)
            return
        if next_batch:
            if found:
                self._start_batch(found)  # before the signals: what their slots queue waits
            else:
                self._arm(wake, now)
        for (entry, _result), updated in zip(told, stored, strict=True):
            self._told(entry, updated)

    def _write_outcomes(self, tx: sqlite3.Connection, now: datetime) -> list[OutboxEntry]:
        """Inside *tx*: the outcomes known (in the order they came) and the entries given back."""
        outcomes, self._outcomes = self._outcomes, []
        given_back, self._given_back = self._given_back, []
        stored = [self._outbox.apply(entry, result, now, conn=tx) for entry, result in outcomes]
        for entry in given_back:
            self._outbox.give_back(entry, conn=tx)
        self._touch(*(e.id for e in stored), *(e.id for e in given_back))
        return stored

    def _told(self, entry: OutboxEntry, updated: OutboxEntry) -> None:
        if updated.state is EntryState.SENT:
            log.info("outbox %d sent to ticket %d", updated.id, updated.ticket)
            self.sent.emit(updated)
        elif updated.state is EntryState.FAILED:
            log.warning("outbox %d failed: %s", updated.id, updated.last_error)
            self.failed.emit(updated)
        else:
            log.info("outbox %d: %s (%s)", updated.id, updated.state, updated.last_error)
