"""Hand-edited files that are too big or too deeply nested never stop the app."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from callcompanion.core.checklists import load_checklists
from callcompanion.core.filelimits import MAX_FILE_BYTES, FileLimitError, check_nesting
from callcompanion.core.settings import Settings
from callcompanion.core.templates import MAX_TEMPLATE_CHARS, TemplateError, TemplateLibrary
from callcompanion.paths import resource_path
from callcompanion.services.settings_file import load_settings

DEFAULT_CHECKLISTS = resource_path("checklists.toml")
NOW = datetime(2026, 11, 27, 9, 30)


def test_deeply_nested_settings_give_defaults_and_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("[" * 100_000, encoding="utf-8")
    loaded = load_settings(path, now=NOW)
    assert loaded.settings == Settings()
    (notice,) = loaded.notices
    assert str(path) in notice
    assert "nested more than 64 deep" in notice
    assert "Using defaults" in notice
    backup = tmp_path / "settings.json.damaged-20261127-093000.bak"
    assert str(backup) in notice, "kept aside, so saving settings does not overwrite it"
    assert backup.read_text(encoding="utf-8") == "[" * 100_000


def test_a_nested_value_inside_settings_is_refused_too(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"engineer_name": "Ana", "x": ' + "{" * 5000, encoding="utf-8")
    loaded = load_settings(path, now=NOW)
    assert loaded.settings == Settings()
    assert "nested more than 64 deep" in loaded.notices[0]


def test_oversized_settings_give_defaults_and_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"engineer_name": "A" * MAX_FILE_BYTES}), encoding="utf-8")
    loaded = load_settings(path, now=NOW)
    assert loaded.settings == Settings()
    (notice,) = loaded.notices
    assert str(path) in notice
    assert "larger than 1 MB" in notice


def test_brackets_inside_text_are_not_nesting(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    name = "[[[[" * 100 + '\\"{{{{' * 100
    path.write_text('{"engineer_name": "' + name + '"}', encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.notices == []
    assert loaded.settings.engineer_name.startswith("[[[[")


def test_deeply_nested_team_checklists_fall_back_to_the_defaults(tmp_path: Path) -> None:
    team = tmp_path / "checklists.toml"
    team.write_text("x = " + "[" * 100_000, encoding="utf-8")
    checklists, notices = load_checklists(DEFAULT_CHECKLISTS, team)
    assert checklists.get("backup_done") is not None
    (notice,) = notices
    assert str(team) in notice
    assert "nested more than 64 deep" in notice
    assert "default checklists are used" in notice


def test_nested_inline_tables_in_checklists_are_refused(tmp_path: Path) -> None:
    team = tmp_path / "checklists.toml"
    team.write_text("x = " + "{a = " * 3000, encoding="utf-8")
    checklists, notices = load_checklists(DEFAULT_CHECKLISTS, team)
    assert checklists.get("backup_done") is not None
    assert "nested more than 64 deep" in notices[0]


def test_oversized_team_checklists_fall_back_to_the_defaults(tmp_path: Path) -> None:
    team = tmp_path / "checklists.toml"
    item = '[[item]]\nid = "i{n}"\ntitle = "Step"\nstage = "before"\n'
    team.write_text("".join(item.format(n=n) for n in range(30_000)), encoding="utf-8")
    assert team.stat().st_size > MAX_FILE_BYTES
    checklists, notices = load_checklists(DEFAULT_CHECKLISTS, team)
    assert checklists.get("backup_done") is not None
    (notice,) = notices
    assert str(team) in notice
    assert "larger than 1 MB" in notice


def test_toml_strings_and_comments_do_not_count_as_nesting() -> None:
    text = (
        'a = "[[[[[[" # [[[[[[[[\n'
        "b = '{{{{{{{{'\n"
        'c = """\n[[[[[[[[[\n"""\n'
        "[table]\n[[array]]\nd = [[1, 2], [3]]\n"
    )
    check_nesting(text, toml=True, limit=3)
    with pytest.raises(FileLimitError):
        check_nesting("d = [[[[1]]]]", toml=True, limit=3)


def test_an_oversized_template_file_is_named(tmp_path: Path) -> None:
    user = tmp_path / "templates"
    user.mkdir()
    (user / "huge.md.j2").write_text("x" * (MAX_TEMPLATE_CHARS + 1), encoding="utf-8")
    library = TemplateLibrary(user, [])
    with pytest.raises(TemplateError, match=r"huge\.md\.j2: the template is over 100,000"):
        library.source("huge.md.j2")


def test_a_deeply_nested_template_is_an_error_not_a_crash(tmp_path: Path) -> None:
    library = TemplateLibrary(None, [])
    with pytest.raises(TemplateError, match="deep.md.j2"):
        library.render_text("{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}", {}, name="deep.md.j2")
