"""A schema step that has shipped is never changed: the stored files of past versions were made
with the steps as they shipped (tests/fixtures/db/make_fixtures.py keeps that frozen copy), so
the app's own steps must still read exactly the same, version by version."""

from __future__ import annotations

from callcompanion.services.migrations import MIGRATIONS
from tests.fixtures.db.make_fixtures import STEPS


def test_every_shipped_step_is_the_app_s_step_unchanged() -> None:
    assert set(STEPS) <= set(MIGRATIONS), "every stored version is one the app migrates from"
    changed = [v for v in STEPS if STEPS[v].strip() != MIGRATIONS[v].strip()]
    assert changed == [], f"schema steps changed after they shipped: {changed}"
    assert max(STEPS) == max(MIGRATIONS), (
        "the newest schema version has a stored file: add its step and rows to make_fixtures.py"
    )
