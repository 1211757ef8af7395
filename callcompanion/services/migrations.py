"""The store's schema, version by version, and the upgrade of an older file in place.

Each entry of :data:`MIGRATIONS` brings the schema from the version before it to its own number;
:func:`migrate` runs the missing ones, each in its own transaction, so an upgrade cut off half
way leaves the file at the last complete version. A new version adds an entry and raises
:data:`SCHEMA_VERSION`; entries already shipped are never changed.
"""

from __future__ import annotations

import logging
import sqlite3

log = logging.getLogger(__name__)

SCHEMA_VERSION = 7

# Each entry brings the schema from the version before it to its own number.
MIGRATIONS: dict[int, str] = {}
MIGRATIONS[1] = """
CREATE TABLE calls (
    id                    TEXT PRIMARY KEY,
    ticket_number         INTEGER NOT NULL,
    ticket_subdomain      TEXT,
    call_type             TEXT NOT NULL,
    call_type_name        TEXT NOT NULL,
    platform              TEXT NOT NULL,
    started_at            TEXT NOT NULL,
    planned_seconds       INTEGER,
    wrapup_lead_seconds   INTEGER,
    no_show_after_seconds INTEGER,
    joined_at             REAL,
    no_show_due           REAL,
    wrapup_answered       INTEGER NOT NULL DEFAULT 0,
    times_up_answer       TEXT,
    continue_until        REAL,
    ended_at              REAL,
    outcome               TEXT,
    last_elapsed          REAL NOT NULL DEFAULT 0
);
-- At most one call is running at any time.
CREATE UNIQUE INDEX calls_one_active ON calls ((outcome IS NULL)) WHERE outcome IS NULL;
CREATE INDEX calls_started ON calls (started_at);
CREATE TABLE follow_ups (
    id          INTEGER PRIMARY KEY,
    call_id     TEXT NOT NULL REFERENCES calls (id),
    kind        TEXT NOT NULL,
    ticket      INTEGER NOT NULL,
    subdomain   TEXT,
    created_at  TEXT NOT NULL,
    status      TEXT NOT NULL
);
"""
MIGRATIONS[2] = """
ALTER TABLE calls ADD COLUMN connection_id TEXT;
CREATE TABLE summaries (
    call_id         TEXT PRIMARY KEY REFERENCES calls (id),
    attendees       TEXT NOT NULL DEFAULT '',
    learned         TEXT NOT NULL DEFAULT '',
    engineer_next   TEXT NOT NULL DEFAULT '',
    customer_next   TEXT NOT NULL DEFAULT '',
    next_call       TEXT NOT NULL DEFAULT '',
    body            TEXT NOT NULL DEFAULT '',
    body_edited     INTEGER NOT NULL DEFAULT 0,
    public          INTEGER NOT NULL DEFAULT 1,
    internal_note   TEXT NOT NULL DEFAULT '',
    status          TEXT,
    tags            TEXT NOT NULL DEFAULT '',
    state           TEXT NOT NULL DEFAULT 'draft',
    updated_at      TEXT NOT NULL,
    reminded_at     TEXT
);
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    call_id         TEXT REFERENCES calls (id),
    connection_id   TEXT,
    ticket          INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    label           TEXT NOT NULL,
    body            TEXT NOT NULL,
    public          INTEGER NOT NULL,
    status          TEXT,
    tags            TEXT NOT NULL DEFAULT '',
    marker          TEXT NOT NULL UNIQUE,
    state           TEXT NOT NULL,
    comment_sent    INTEGER NOT NULL DEFAULT 0,
    outcome_unknown INTEGER NOT NULL DEFAULT 0,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_error      TEXT,
    updated_stamp   TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT
);
CREATE INDEX outbox_state ON outbox (state, next_attempt_at);
"""
MIGRATIONS[3] = """
CREATE TABLE checklist_results (
    call_id     TEXT NOT NULL REFERENCES calls (id),
    item_id     TEXT NOT NULL,
    state       TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    choice      TEXT NOT NULL DEFAULT '',
    "values"    TEXT NOT NULL DEFAULT '{}',
    at          TEXT,
    PRIMARY KEY (call_id, item_id)
);
ALTER TABLE outbox ADD COLUMN priority TEXT;
ALTER TABLE calls ADD COLUMN response_minutes TEXT NOT NULL DEFAULT '';
ALTER TABLE calls ADD COLUMN responses_answered INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN organization_id INTEGER;
"""
# An outbox entry is claimed by one running app before it is sent (see services/outbox.py);
# auth_failed marks a post that waits for a working token.
MIGRATIONS[4] = """
ALTER TABLE outbox ADD COLUMN claim_owner TEXT;
ALTER TABLE outbox ADD COLUMN claim_until TEXT;
ALTER TABLE outbox ADD COLUMN auth_failed INTEGER NOT NULL DEFAULT 0;
"""
# A call started from a Calendly booking keeps which booking and when it was booked for.
MIGRATIONS[5] = """
ALTER TABLE calls ADD COLUMN booking_uri TEXT;
ALTER TABLE calls ADD COLUMN booked_start TEXT;
"""
# What a post changes on its ticket besides the comment, its status, priority and tags (tags
# removed, custom fields, assignee, group, time spent), as JSON; NULL in entries queued before,
# whose tags are added after the comment as they always were.
MIGRATIONS[6] = """
ALTER TABLE outbox ADD COLUMN changes TEXT;
"""
# The macro applied to a summary draft, whose changes go with its post (JSON: the changes in
# the outbox's form, whole, and whether it assigns the ticket to the engineer and the status
# chosen before it); NULL for a draft without one, and in drafts written before.
MIGRATIONS[7] = """
ALTER TABLE summaries ADD COLUMN macro TEXT;
"""


def migrate(conn: sqlite3.Connection, version: int) -> None:
    """Bring the store on *conn* from schema *version* to :data:`SCHEMA_VERSION`."""
    for target in range(version + 1, SCHEMA_VERSION + 1):
        # executescript() commits first, so each step's transaction lives in its script.
        conn.executescript(
            f"BEGIN IMMEDIATE;\n{MIGRATIONS[target]}\nPRAGMA user_version = {target};\nCOMMIT;"
        )
        log.info("store upgraded to version %d", target)
