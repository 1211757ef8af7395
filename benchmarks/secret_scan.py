"""The secret scanner on the project's corpus, beside detect-secrets, and its speed.

The corpus (tests/secrets_corpus) holds credentials as customers show them on a screen share
(commands, config files, logs, URLs) and ordinary support summaries, all generated from a
seeded random generator. For callcompanion's scanner: detection (a credential sample raised at
least one finding), false positives (an ordinary summary raised one) and complete redaction
(after *Redact*, no 8 consecutive characters of any secret are left). detect-secrets, when it
is installed (in any environment: pass its command), scans the same texts as files; it has no
redaction. Speed: texts of 100 KB, 1 MB and 10 MB made of the corpus (one credential sample to
about ten summaries), median of three scans each.

    .venv/bin/python benchmarks/secret_scan.py [--detect-secrets PATH]
        [--write-md docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.markdown import replace_section  # noqa: E402 - after the path set-up
from callcompanion.core.secrets_scan import RULES, redact, scan  # noqa: E402
from tests.secrets_corpus import Sample, Score, credentials, score, summaries  # noqa: E402

SIZES = (100_000, 1_000_000, 10_000_000)
TARGET_DETECTION = 0.98
TARGET_FALSE_POSITIVES = 0.01
TARGET_10MB_SECONDS = 1.0


@dataclass(frozen=True)
class Speed:
    size: int
    findings: int
    seconds: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def detect_secrets_score(
    command: str, creds: Sequence[Sample], normal: Sequence[Sample]
) -> tuple[Score, str]:
    """detect-secrets 1.x with its default plugins and filters, each sample as a .txt file."""
    version = subprocess.run(
        [command, "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="secrets-corpus-") as tmp:
        folder = Path(tmp)
        names: dict[str, str] = {}
        for index, sample in enumerate([*creds, *normal]):
            filename = f"sample-{index:03d}.txt"
            (folder / filename).write_text(sample.text, encoding="utf-8")
            names[sample.text] = filename
        output = subprocess.run(
            [command, "scan", "--all-files", "."],
            cwd=folder,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    flagged = set(json.loads(output)["results"])
    return score(lambda text: names[text] in flagged, None, creds, normal), version


def speed(creds: Sequence[Sample], normal: Sequence[Sample]) -> list[Speed]:
    parts: list[str] = []
    for index, sample in enumerate(normal):
        parts.append(sample.text)
        if index % 10 == 0:
            parts.append(creds[(index // 10) % len(creds)].text)
    block = "\n\n".join(parts) + "\n\n"
    results = []
    for size in SIZES:
        text = (block * (size // len(block) + 1))[:size]
        seconds = []
        found = 0
        for _ in range(3):
            started = time.perf_counter()
            found = len(scan(text))
            seconds.append(time.perf_counter() - started)
        results.append(Speed(size, found, seconds))
    return results


def _pct(value: float) -> str:
    return f"{value * 100:.1f} %"


def render(
    ours: Score,
    theirs: tuple[Score, str] | None,
    speeds: list[Speed],
    command: str,
) -> str:
    lines = [
        f"Command: `{command}`",
        "",
        f"Corpus: {ours.credentials} credentials in context, {ours.summaries} ordinary "
        f"summaries; {len(RULES)} rules.",
        "",
        "| Scanner | Detection | False positives | Redaction complete | Target | Result |",
        "|---|---|---|---|---|---|",
    ]
    ok = (
        ours.detection >= TARGET_DETECTION
        and ours.false_positive_rate <= TARGET_FALSE_POSITIVES
        and ours.redaction == 1.0
    )
    lines.append(
        f"| callcompanion | {_pct(ours.detection)} ({ours.detected}/{ours.credentials}) | "
        f"{_pct(ours.false_positive_rate)} ({ours.false_positives}/{ours.summaries}) | "
        f"{_pct(ours.redaction)} ({ours.redacted_complete}/{ours.detected}) | "
        f"≥ {TARGET_DETECTION * 100:.0f} %, ≤ {TARGET_FALSE_POSITIVES * 100:.0f} %, 100 % | "
        f"{'pass' if ok else '**FAIL**'} |"
    )
    if theirs is None:
        lines.append("| detect-secrets | not installed | | | | |")
    else:
        other, version = theirs
        lines.append(
            f"| detect-secrets {version} (default plugins) | {_pct(other.detection)} "
            f"({other.detected}/{other.credentials}) | {_pct(other.false_positive_rate)} "
            f"({other.false_positives}/{other.summaries}) | no redaction | | |"
        )
    for label, names in (
        ("callcompanion missed", ours.missed),
        ("callcompanion false positives", ours.noisy),
        ("callcompanion left part of a secret", ours.leaking),
    ):
        lines += ["", f"{label}: {', '.join(names) if names else 'none'}."]
    if theirs is not None:
        lines += ["", f"detect-secrets missed: {', '.join(theirs[0].missed) or 'none'}."]
        lines += ["", f"detect-secrets false positives: {', '.join(theirs[0].noisy) or 'none'}."]
    base = speeds[0]
    lines += [
        "",
        "| Text | Scan (ms, median of 3) | MB/s | Findings | Growth vs 100 KB | Target | Result |",
        "|---|---|---|---|---|---|---|",
    ]
    for s in speeds:
        target = f"< {TARGET_10MB_SECONDS:.0f} s" if s.size == SIZES[-1] else ""
        result = ""
        if s.size == SIZES[-1]:
            result = "pass" if s.median < TARGET_10MB_SECONDS else "**FAIL**"
        lines.append(
            f"| {s.size / 1_000_000:g} MB | {s.median * 1000:.0f} "
            f"({min(s.seconds) * 1000:.0f}–{max(s.seconds) * 1000:.0f}) | "
            f"{s.size / 1_000_000 / s.median:.1f} | {s.findings} | "
            f"{s.median / base.median:.0f}× for {s.size // base.size}× the text | {target} | "
            f"{result} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--detect-secrets",
        default=shutil.which("detect-secrets"),
        help="the detect-secrets command (default: the one on PATH, if any)",
    )
    parser.add_argument("--write-md", type=Path)
    args = parser.parse_args()
    creds, normal = credentials(), summaries()
    ours = score(
        lambda text: bool(scan(text)), lambda text: redact(text, scan(text)), creds, normal
    )
    theirs = None
    if args.detect_secrets and Path(args.detect_secrets).exists():
        theirs = detect_secrets_score(args.detect_secrets, creds, normal)
    speeds = speed(creds, normal)
    shown = ["PATH" if a == args.detect_secrets else a for a in sys.argv[1:]]  # no local paths
    command = ".venv/bin/python benchmarks/secret_scan.py " + " ".join(shown)
    section = render(ours, theirs, speeds, command.strip())
    print(section)
    if args.write_md:
        replace_section(args.write_md, "secrets", section, heading="## Secret scanning")
    good = (
        ours.detection >= TARGET_DETECTION
        and ours.false_positive_rate <= TARGET_FALSE_POSITIVES
        and ours.redaction == 1.0
        and speeds[-1].median < TARGET_10MB_SECONDS
    )
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
