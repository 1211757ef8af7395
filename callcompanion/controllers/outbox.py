"""Sends what is in the outbox, one attempt at a time, on a worker thread.

The store is touched only here, on the GUI thread; a worker gets a copy of the entry, reads the
token from the keyring and makes the HTTP calls. The timer is armed for the next retry only
while something waits, so an idle app has none.

What the GUI thread does per post does not grow with the queue: the next entry and the counts
are indexed SQL queries, and the views hear of changes once per turn of the event loop
(:attr:`OutboxController.changed`, with the ids in :attr:`OutboxController.entries_changed`),
however many entries changed in it.

Each attempt first claims its entry in the store (so another app on the same store cannot send
it too) and renews the claim every :data:`LEASE_RENEW_SECONDS` while the worker runs. At quit,
:meth:`OutboxController.stop` stops the request under way at once, gives the claim up with the
outcome marked unknown (the next start looks for the marker), and drops the worker's late report.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from callcompanion.controllers.settings import SettingsModel
from callcompanion.controllers.workers import run_in_pool
from callcompanion.core.connections import ZendeskConnection
from callcompanion.core.outbox_kind import OutboxKind
from callcompanion.core.summary import new_marker, with_marker
from callcompanion.core.ticket import TicketRef
from callcompanion.services.credentials import CredentialError, CredentialStore
from callcompanion.services.outbox import (
    LEASE_RENEW_SECONDS,
    Delivery,
    EntryState,
    NewPost,
    Outbox,
    OutboxEntry,
)
from callcompanion.services.storage import Store, StoreError

log = logging.getLogger(__name__)

MAX_TIMER_MS = 60 * 60 * 1000
NO_CONNECTION = (
    "No Zendesk connection is set up for this ticket. Add one in Settings; the post goes out "
    "as soon as it is there."
)


@dataclass(frozen=True)
class OutboxCounts:
    """Open posts by where they stand; ``waiting`` includes the ``in_flight`` ones."""

    waiting: int = 0
    failed: int = 0
    not_connected: int = 0
    in_flight: int = 0

    @property
    def total(self) -> int:
        return self.waiting + self.failed + self.not_connected

    def describe(self) -> str:
        """``1 summary waiting to post · 1 needs attention``, or empty when all is sent."""
        parts = []
        if self.waiting:
            parts.append(f"{self.waiting} post{'s' if self.waiting != 1 else ''} waiting to go out")
        if self.not_connected:
            parts.append(f"{self.not_connected} waiting for a Zendesk connection")
        if self.failed:
            parts.append(f"{self.failed} need{'s' if self.failed == 1 else ''} your attention")
        return " · ".join(parts)


ClientFactory = Callable[[ZendeskConnection, str], object]


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

    def __init__(
        self,
        store: Store,
        outbox: Outbox,
        settings: SettingsModel,
        credentials: CredentialStore,
        now: Callable[[], datetime],
        *,
        client_factory: ClientFactory | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._outbox = outbox
        self._settings = settings
        self._credentials = credentials
        self._now = now
        self._client_factory = client_factory or _make_client
        # Clients live on the worker thread that sends (one attempt at a time); the GUI thread
        # only marks them stale when connections change, and the next attempt closes them.
        self._clients: dict[tuple[str, str, str], object] = {}
        self._clients_stale = False
        self._clients_lock = threading.Lock()
        self._known_connections = settings.value.zendesk_connections
        self._busy = False
        self._sending: OutboxEntry | None = None
        # Set by stop() on the GUI thread, read by the attempt on its worker thread.
        self._stopped = threading.Event()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.VeryCoarseTimer)
        self._timer.timeout.connect(self.kick)
        self._lease_timer = QTimer(self)
        self._lease_timer.setInterval(int(LEASE_RENEW_SECONDS * 1000))
        self._lease_timer.timeout.connect(self._renew_claim)
        # Changes are told once per turn of the event loop (see _touch).
        self._changed_ids: set[int] | None = set()
        self._change_timer = QTimer(self)
        self._change_timer.setSingleShot(True)
        self._change_timer.setInterval(0)
        self._change_timer.timeout.connect(self._tell_changes)
        self._kick_timer = QTimer(self)
        self._kick_timer.setSingleShot(True)
        self._kick_timer.setInterval(0)
        self._kick_timer.timeout.connect(self.kick)
        settings.changed.connect(self._on_settings_changed)

    @property
    def outbox(self) -> Outbox:
        return self._outbox

    @property
    def busy(self) -> bool:
        return self._busy

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
        with self._clients_lock:
            clients = list(self._clients.values())
        for client in clients:
            abort = getattr(client, "abort", None)
            if abort is not None:
                abort()
        if self._busy:
            try:
                released = self._outbox.release()
            except StoreError as err:
                log.error("outbox: %s", err)
            else:
                log.info("outbox: %d post(s) interrupted by quitting; checked next time", released)

    def counts(self) -> OutboxCounts:
        """Open posts by state, counted in SQL (no entry is read)."""
        try:
            by_state = self._outbox.counts()
        except StoreError as err:
            log.warning("outbox unreadable for its counts: %s", err)
            return OutboxCounts()
        return OutboxCounts(
            waiting=by_state[EntryState.PENDING] + by_state[EntryState.SENDING],
            failed=by_state[EntryState.FAILED],
            not_connected=by_state[EntryState.NOT_CONNECTED],
            in_flight=by_state[EntryState.SENDING],
        )

    def connection_for_ticket(
        self, ticket_subdomain: str | None, number: int
    ) -> ZendeskConnection | None:
        """Which connection a post to the ticket goes to (:meth:`Settings.connection_for`)."""
        return self._settings.value.connection_for(TicketRef(number, ticket_subdomain))

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
        status: str | None = None,
        priority: str | None = None,
        organization_id: int | None = None,
        updated_stamp: str | None = None,
    ) -> int:
        """Write one post (with its marker) and start sending it."""
        connection = self._settings.value.connection_for(ticket, connection_id)
        marker = new_marker()
        post = NewPost(
            ticket=ticket.number,
            body=with_marker(text, marker),
            public=public,
            marker=marker,
            kind=kind,
            label=label,
            call_id=call_id,
            connection_id=connection.id if connection else None,
            status=status,
            priority=priority,
            organization_id=organization_id,
            updated_stamp=updated_stamp,
        )
        now = self._now()
        with self._store.transaction("save the post") as tx:  # the post and its claim at once
            (entry_id,) = self._outbox.add([post], now, connected=connection is not None, conn=tx)
            found = self._claim_next(tx, now)
        self._touch(entry_id)
        if found is None:
            self.kick()  # arms the timer for what waits
        else:
            self._send(*found)
        return entry_id

    def add(self, posts: Sequence[NewPost], conn: sqlite3.Connection) -> list[int]:
        """Write *posts* inside the caller's transaction *conn*; they go once it is committed.

        Each waits for a connection if it has none. Sending starts when control is back in
        the event loop (after the caller's commit).
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
        ids = [c.id for c in self._settings.value.zendesk_connections if c.keyring_user in users]
        try:
            resumed = self._outbox.resume_auth(ids)
        except StoreError as err:
            log.error("outbox: %s", err)
        else:
            if resumed:
                log.info("outbox: %d post(s) resumed with the new token", resumed)
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
        with self._clients_lock:
            self._clients_stale = True
        self._touch_all()
        self.kick()

    def _ticket_of(self, entry: OutboxEntry) -> TicketRef:
        """The entry's ticket, with the subdomain of its call's ticket when it has one."""
        record = self._store.call(entry.call_id) if entry.call_id else None
        return TicketRef(entry.ticket, record.ticket.subdomain if record else None)

    # -- telling the views ------------------------------------------------------------------------

    def _touch(self, *entry_ids: int) -> None:
        """These entries changed: tell once control is back in the event loop."""
        if self._changed_ids is not None:
            self._changed_ids.update(entry_ids)
        if not self._change_timer.isActive():
            self._change_timer.start()

    def _touch_all(self) -> None:
        self._changed_ids = None
        if not self._change_timer.isActive():
            self._change_timer.start()

    def _tell_changes(self) -> None:
        ids, self._changed_ids = self._changed_ids, set()
        self.entries_changed.emit(None if ids is None else frozenset(ids))
        self.changed.emit()

    # -- sending ----------------------------------------------------------------------------------

    def kick(self) -> None:
        """Start the next due attempt, or arm the timer for the next retry."""
        if self._busy or self._stopped.is_set():
            return
        now = self._now()
        try:
            with self._store.transaction("note the post attempt") as tx:
                found = self._claim_next(tx, now)
                wake = None if found else self._outbox.next_wake()
        except StoreError as err:
            log.error("outbox: %s", err)
            return
        if found is None:
            self._arm(wake, now)
        else:
            self._send(*found)

    def _claim_next(
        self, tx: sqlite3.Connection, now: datetime
    ) -> tuple[OutboxEntry, ZendeskConnection] | None:
        """Inside *tx*: claim the first due entry; one without a connection waits for one.

        The transaction holds the store's write lock, so no other app claims meanwhile; the
        attempt may start once it is committed.
        """
        if self._busy or self._stopped.is_set():
            return None
        for _ in range(100):
            entry = self._outbox.next_due(now)
            if entry is None:
                return None
            connection = self._settings.value.connection(entry.connection_id)
            if connection is None:
                self._outbox.disconnect(entry, NO_CONNECTION, conn=tx)
                self._touch(entry.id)
                continue
            claimed = self._outbox.claim(entry, now, conn=tx)
            if claimed is not None:
                return claimed, connection
        return None

    def _send(self, claimed: OutboxEntry, connection: ZendeskConnection) -> None:
        """Hand the claimed entry (its claim committed) to a worker."""
        self._busy = True
        self._sending = claimed
        self._lease_timer.start()
        self._touch(claimed.id)
        run_in_pool(
            self._attempt,
            claimed,
            connection,
            on_result=lambda result: self._finished(claimed, result),
            on_error=lambda err: self._finished(claimed, _unexpected(err)),
            owner=self,
        )

    def _renew_claim(self) -> None:
        if self._sending is None or self._stopped.is_set():
            self._lease_timer.stop()
            return
        try:
            if not self._outbox.renew(self._sending.id, self._now()):
                log.warning("outbox %d: the claim was lost", self._sending.id)
        except StoreError as err:
            log.error("outbox: %s", err)

    def _arm(self, wake: datetime | None, now: datetime) -> None:
        if wake is None:
            self._timer.stop()
            return
        delay_ms = max(0, int((wake - now).total_seconds() * 1000))
        self._timer.start(min(delay_ms, MAX_TIMER_MS))

    def _attempt(self, entry: OutboxEntry, connection: ZendeskConnection) -> Delivery:
        """On a worker thread: read the token, send, report."""
        from callcompanion.services.delivery import deliver  # loads httpx

        try:
            token = self._credentials.get(connection.keyring_user)
        except CredentialError as err:
            return Delivery(
                EntryState.PENDING, entry.comment_sent, entry.outcome_unknown, 60.0, str(err)
            )
        if not token:
            return Delivery(
                EntryState.NOT_CONNECTED,
                entry.comment_sent,
                entry.outcome_unknown,
                error=f"No API token is stored for {connection.describe()}. Add it in Settings.",
            )
        key = (connection.id, connection.base_url, token)
        with self._clients_lock:
            stale = list(self._clients.values()) if self._clients_stale else []
            if stale:
                self._clients.clear()
            self._clients_stale = False
            client = self._clients.get(key)
            if client is None:
                client = self._client_factory(connection, token)
                self._clients[key] = client
        for old in stale:
            close = getattr(old, "close", None)
            if close is not None:
                close()
        if self._stopped.is_set():  # quitting: not one more request
            return Delivery(EntryState.PENDING, entry.comment_sent, entry.outcome_unknown)
        try:
            return deliver(entry, client)  # type: ignore[arg-type]
        finally:
            if self._stopped.is_set():
                close = getattr(client, "close", None)
                if close is not None:
                    close()

    def _finished(self, entry: OutboxEntry, result: Delivery) -> None:
        if self._stopped.is_set():
            log.debug("outbox %d: outcome after quitting dropped (checked next time)", entry.id)
            return
        self._busy = False
        self._sending = None
        self._lease_timer.stop()
        now = self._now()
        try:
            # The outcome and the next post's claim in one commit: one write to the disk per
            # post while a queue drains. Should the commit fail, the entry stays claimed and
            # is checked by its marker once the claim lapses.
            with self._store.transaction("save the post's outcome") as tx:
                updated = self._outbox.apply(entry, result, now, conn=tx)
                found = self._claim_next(tx, now)
                wake = None if found else self._outbox.next_wake()
        except StoreError as err:
            log.error("outbox: could not record the outcome: %s", err)
            return
        self._touch(updated.id)  # told together with the next claim: one update for both
        if found is None:
            self._arm(wake, now)
        else:
            self._send(*found)  # before the signals: what their slots queue waits its turn
        if updated.state is EntryState.SENT:
            log.info("outbox %d sent to ticket %d", updated.id, updated.ticket)
            self.sent.emit(updated)
        elif updated.state is EntryState.FAILED:
            log.warning("outbox %d failed: %s", updated.id, updated.last_error)
            self.failed.emit(updated)
        else:
            log.info("outbox %d: %s (%s)", updated.id, updated.state, updated.last_error)


def _make_client(connection: ZendeskConnection, token: str) -> object:
    from callcompanion.services.zendesk import ZendeskClient

    return ZendeskClient(connection.base_url, connection.email, token)


def _unexpected(err: Exception) -> Delivery:
    log.error("outbox attempt crashed: %r", err)
    return Delivery(EntryState.PENDING, False, True, 60.0, f"Unexpected problem: {err}")
