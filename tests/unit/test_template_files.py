"""Saving and removing the engineer's own templates: atomic writes, typed errors, sentences."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from callcompanion.core.templates import MAX_TEMPLATE_CHARS, TemplateLibrary
from callcompanion.services.template_files import (
    TemplateFileError,
    TemplateRejectedError,
    TemplateWriteError,
    remove_template,
    save_template,
)

NAME = "summary.md.j2"


def test_a_saved_template_wins_over_the_shipped_one(tmp_path: Path) -> None:
    shipped = tmp_path / "shipped"
    shipped.mkdir()
    (shipped / NAME).write_text("Shipped {{ ticket }}", encoding="utf-8")
    folder = tmp_path / "mine"  # created on the first save
    library = TemplateLibrary(folder, [shipped])

    path = save_template(folder, NAME, "Mine {{ ticket }}\n")
    assert path == folder / NAME
    assert path.read_text(encoding="utf-8") == "Mine {{ ticket }}\n"
    source = library.source(NAME)
    assert (source.text, source.built_in) == ("Mine {{ ticket }}\n", False)
    assert [p.name for p in folder.iterdir()] == [NAME], "no temporary file is left behind"

    remove_template(folder, NAME)
    assert not path.exists()
    assert library.source(NAME).built_in
    remove_template(folder, NAME)  # nothing to remove: already the shipped one


@pytest.mark.parametrize("name", ["../summary.md.j2", "sub/summary.md.j2", ".hidden.j2", "a.txt"])
def test_names_that_are_not_plain_template_files_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(TemplateRejectedError, match="is not a template name"):
        save_template(tmp_path / "mine", name, "text")
    with pytest.raises(TemplateRejectedError):
        remove_template(tmp_path / "mine", name)
    assert not (tmp_path / "mine").exists()
    assert not (tmp_path / "summary.md.j2").exists()


def test_a_template_too_long_to_be_read_back_is_not_saved(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    save_template(folder, NAME, "kept")
    with pytest.raises(TemplateRejectedError) as caught:
        save_template(folder, NAME, "x" * (MAX_TEMPLATE_CHARS + 1))
    assert str(caught.value) == (
        "The template was not saved: it is over 100,000 characters long. Shorten it and save again."
    )
    assert (folder / NAME).read_text(encoding="utf-8") == "kept"


def test_text_that_cannot_be_stored_names_the_character(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    save_template(folder, NAME, "kept")
    with pytest.raises(TemplateRejectedError, match="character 4 cannot be stored"):
        save_template(folder, NAME, "abc\ud800def")  # half of a surrogate pair, from a paste
    assert (folder / NAME).read_text(encoding="utf-8") == "kept"


def test_a_file_system_refusal_is_a_sentence_and_keeps_the_old_file(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    long_name = "n" * 300 + ".md.j2"  # longer than any file system allows
    with pytest.raises(TemplateWriteError) as caught:
        save_template(folder, long_name, "text")
    assert re.fullmatch(r"The template could not be saved \(.+\)\.", str(caught.value))
    assert caught.value.path == folder / long_name

    occupied = tmp_path / "occupied"
    occupied.write_text("not a folder", encoding="utf-8")
    with pytest.raises(TemplateWriteError, match=r"^The template could not be saved \("):
        save_template(occupied, NAME, "text")
    assert occupied.read_text(encoding="utf-8") == "not a folder"


def test_a_version_that_cannot_be_removed_is_a_sentence(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    (folder / NAME).mkdir(parents=True)  # something that is not a file is in the way
    with pytest.raises(TemplateFileError) as caught:
        remove_template(folder, NAME)
    assert isinstance(caught.value, TemplateWriteError)
    assert str(caught.value).startswith("Your version could not be removed (")
    assert (folder / NAME).is_dir()
