"""Each benchmark rewrites its own section of docs/benchmarks.md, between two HTML comments."""

from __future__ import annotations

from pathlib import Path


def replace_section(path: Path, name: str, section: str, *, heading: str) -> None:
    """Put *section* between ``<!-- benchmarks:NAME:start/end -->`` in *path*.

    The first time, the section is added at the end under *heading* (a Markdown heading line).
    """
    start, end = f"<!-- benchmarks:{name}:start -->", f"<!-- benchmarks:{name}:end -->"
    block = f"{start}\n{section.rstrip()}\n{end}"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = f"{text.rstrip()}\n\n{heading}\n\n{block}\n"
    path.write_text(text, encoding="utf-8")
