"""The repository stands on its own: nothing in it points to documents that are not in it.

Someone who clones the repository must be able to follow every reference. The workflow, the
API notes and the test-environment recipes are in ``docs/``; a citation of a numbered section
(``§ 3.2``), of a document that only exists outside the repository, or of a folder beside the
checkout would leave them stranded. The one folder beside the checkout the tests may read is
``../shared/contracts`` (the vendors' OpenAPI files, which may not be copied into the repository).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# (what is wrong, pattern) for references that cannot be followed from a clone.
OUTSIDE_REFERENCES = (
    # The project's docs have no numbered sections, so a section sign cites another document.
    ("a numbered section of another document", re.compile(r"§\s*\d")),
    ("a document that is not in the repository", re.compile(r"\b(?:environment|style)\.md\b")),
    (
        "a folder beside the checkout",
        re.compile(r"\.\./shared(?:/(?!contracts\b)|\b(?!/))"),
    ),
)
# docs/NAME.md mentioned anywhere must exist.
DOCS_PATH = re.compile(r"\bdocs/([\w-]+\.md)\b")


def tracked_text_files() -> list[Path]:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout (a source archive): no list of tracked files")
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    listed = subprocess.run(
        # Tracked files and new ones not ignored: what a commit of the working tree would hold.
        [git, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    files = []
    for name in filter(None, listed.split("\0")):
        path = ROOT / name
        if not path.is_file() or path == Path(__file__).resolve():
            continue  # deleted in the working tree; or this file, whose examples are citations
        try:
            path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # images, icons
        files.append(path)
    return files


def outside_references(text: str) -> list[tuple[int, str, str]]:
    """``(line number, what is wrong, the line)`` for each reference a clone cannot follow."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        for what, pattern in OUTSIDE_REFERENCES:
            if pattern.search(line):
                found.append((number, what, line.strip()))
        for name in DOCS_PATH.findall(line):
            if not (ROOT / "docs" / name).is_file():
                found.append((number, f"docs/{name}, which does not exist", line.strip()))
    return found


def test_no_file_points_outside_the_repository() -> None:
    files = tracked_text_files()
    assert len(files) > 50, "git listed suspiciously few files"
    problems = [
        f"{path.relative_to(ROOT)}:{number}: {what}: {line}"
        for path in files
        for number, what, line in outside_references(path.read_text(encoding="utf-8"))
    ]
    assert not problems, (
        "Say the fact itself, or point to docs/workflow.md, docs/apis.md or docs/TESTING.md:\n"
        + "\n".join(problems)
    )


@pytest.mark.parametrize(
    "line",
    [
        '"""The call and its prompts (workflow.md §3)."""',
        "# the rules (apis.md §1.11):",
        "# asks for 5 (§5).",
        # Spelled in two pieces, so this file itself names no outside document.
        "# apt: gnome-keyring dbus (" + "environ" + "ment.md).",
        "see " + "sty" + "le.md for the wording",
        "the OpenAPI files in ../shared/docs/apis.md",
        "ROOT.parent / '..' ; cd ../shared && ls",
        "as described in docs/nowhere.md",
    ],
)
def test_citations_of_outside_documents_are_caught(line: str) -> None:
    assert outside_references(line), line


@pytest.mark.parametrize(
    "line",
    [
        "The call workflow is in docs/workflow.md; the requests in docs/apis.md.",
        "[apis.md](apis.md) and [TESTING.md](TESTING.md)",
        "the vendors' OpenAPI files beside the checkout, in ../shared/contracts.",
        "`../shared/contracts/zendesk-support-api.yaml`",
        "Section 3 of the template; 5 § of nothing",
    ],
)
def test_the_projects_own_references_pass(line: str) -> None:
    assert outside_references(line) == [], line
