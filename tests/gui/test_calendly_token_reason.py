"""The Calendly tab says why Calendly, unlike Zendesk, connects with a personal access token."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from callcompanion.app import CallCompanion


def test_the_calendly_tab_says_why_it_uses_a_personal_access_token(
    qtbot: QtBot, companion: CallCompanion
) -> None:
    dialog = companion.open_settings()
    qtbot.waitUntil(dialog.isVisible)
    dialog.tabs.setCurrentWidget(dialog.calendlyTab)
    intro = dialog.calendlyIntro
    assert intro.isVisible()
    text = intro.text()
    assert "personal access token" in text
    assert "system keyring" in text
    assert "browser sign-in" in text, "why not a sign-in like Zendesk's"
    assert "only for apps still in testing" in text
