"""The outcome tags and time tracking as settings, in the team file, and merged with a macro's."""

from __future__ import annotations

import pytest

from callcompanion.core.call_changes import merged
from callcompanion.core.settings import Settings
from callcompanion.core.team import TeamFileError, apply_team, parse_team
from callcompanion.core.ticket_changes import TicketChanges
from callcompanion.services.ticket_update import find_time_fields, seconds_in, ticket_update
from callcompanion.services.zendesk import TicketField, TicketInfo


def test_the_team_file_sets_time_tracking_and_outcome_tags() -> None:
    team = parse_team(
        """
[time_tracking]
track = false
total_field = 901
last_update_field = 902

[outcome_tags]
held = "Customer_Call_Held"
no_show = ""
"""
    )
    setup = apply_team(Settings(), team)
    assert setup.settings.track_time is False
    assert (setup.settings.time_total_field, setup.settings.time_last_update_field) == (901, 902)
    assert setup.settings.outcome_tag_held == "customer_call_held"
    assert setup.settings.outcome_tag_no_show == ""
    assert setup.settings.outcome_tag_emergency == "call_emergency", "not named: the default"
    assert setup.added.count("the outcome tags") == 1
    mine = Settings(outcome_tag_held="my_tag")
    assert apply_team(mine, team).settings.outcome_tag_held == "my_tag", "never overwritten"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[time_tracking]\ntrack = 1", "track must be true or false"),
        ("[time_tracking]\ntotal_field = 'x'", "total_field must be a ticket field's id"),
        ("[time_tracking]\nlast_update_field = 5", "needs total_field"),
        ("[time_tracking]\ntotl_field = 5", "unknown key “totl_field”"),
        ("[outcome_tags]\nheld = 'two words'", "is not a tag"),
        ("[outcome_tags]\ncancelled = 'x'", "unknown key “cancelled”"),
    ],
)
def test_bad_time_tracking_or_outcome_tags_are_named(text: str, problem: str) -> None:
    with pytest.raises(TeamFileError, match=problem):
        parse_team(text)


def test_the_settings_file_keeps_them_and_refuses_bad_values() -> None:
    chosen = Settings(track_time=False, outcome_tag_held="held_call", time_total_field=901)
    read, warnings = Settings.from_dict(chosen.to_dict())
    assert (read, warnings) == (chosen, [])
    bad, warnings = Settings.from_dict({"outcome_tag_no_show": "no show", "track_time": "yes"})
    assert bad.outcome_tag_no_show == "call_no_show"
    assert bad.track_time is True
    assert len(warnings) == 2


def test_a_macro_on_top_of_the_call_wins_and_tags_add_up() -> None:
    call = TicketChanges(add_tags=("call_held",), time_spent_seconds=1800)
    macro = TicketChanges(
        status="solved", add_tags=("upgrade",), remove_tags=("call_held", "waiting")
    )
    both = merged(call, macro)
    assert both.add_tags == ("upgrade",)
    assert both.remove_tags == ("call_held", "waiting")
    assert (both.status, both.time_spent_seconds) == ("solved", 1800)
    assert merged(macro, call).add_tags == ("upgrade", "call_held")
    assert merged(macro, call).remove_tags == ("waiting",)


def test_time_fields_are_found_by_title_and_only_active_number_fields() -> None:
    fields = [
        TicketField(1, "Total time spent (sec)", "integer", active=False),
        TicketField(2, " total  time spent (SEC)", "integer"),
        TicketField(3, "Time spent last update (sec)", "integer"),
        TicketField(4, "Total time spent (sec)", "tagger"),
    ]
    found = find_time_fields(fields)
    assert found is not None
    assert (found.total, found.last_update) == (2, 3)
    assert find_time_fields(fields[2:]) is None, "no total: nothing tracked"
    assert seconds_in("120") == 120
    assert seconds_in(None) == 0
    assert seconds_in("n/a") == 0


def test_tags_already_there_are_not_rewritten() -> None:
    ticket = TicketInfo(1, "s", "open", None, None, None, "2026-01-01T00:00:00Z", tags=("a",))
    update = ticket_update(TicketChanges(add_tags=("A",)), ticket, None, separate_tags=False)
    assert update.tags is None
    update = ticket_update(TicketChanges(remove_tags=("a",)), ticket, None, separate_tags=False)
    assert update.tags == ()
