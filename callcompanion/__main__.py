"""Entry point: ``callcompanion`` / ``python -m callcompanion``.

Start-up order: arguments, paths, logging, and only then Qt and the app, so ``--version`` and a
bad ``--profile`` answer instantly.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from callcompanion import __version__

if TYPE_CHECKING:
    from callcompanion.app import CallCompanion


def parse_args(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(
        prog="callcompanion",
        description="The call timer, prompts and history beside your customer calls.",
    )
    parser.add_argument("--version", action="version", version=f"callcompanion {__version__}")
    parser.add_argument(
        "--profile",
        metavar="DIR",
        type=Path,
        help="keep every file of the app (settings, history, logs) under DIR",
    )
    parser.add_argument(
        "--smoke-test",
        nargs="?",
        const="-",
        metavar="FILE",
        help="start the whole app, print one JSON line with what it found (or write it to FILE: "
        "a windowed build on Windows has no console), and exit (0 = ok)",
    )
    parser.add_argument(
        "--check-keyring",
        action="store_true",
        help="with --smoke-test: also store, read back and delete a throwaway secret, and fail "
        "without a secure keyring",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    # For start-up benchmarks of a built app (benchmarks/frozen.py): once the window is shown
    # and the tray set up, write time.monotonic() as JSON to FILE and quit.
    parser.add_argument("--quit-when-ready", metavar="FILE", type=Path, help=argparse.SUPPRESS)
    return parser.parse_known_args(argv)


def main(argv: list[str] | None = None) -> int:
    args, qt_args = parse_args(sys.argv[1:] if argv is None else argv)
    unknown = [a for a in qt_args if a.startswith("--")]
    if unknown:
        print(f"callcompanion: unknown option {unknown[0]} (see --help)", file=sys.stderr)
        return 2

    from callcompanion.log import setup_logging
    from callcompanion.paths import AppPaths

    paths = AppPaths.for_profile(args.profile) if args.profile else AppPaths.from_platform()
    try:
        paths.create()
    except OSError as err:
        message = f"cannot create the app's folders ({err})"
        if args.smoke_test:
            from callcompanion.app import write_smoke_report

            write_smoke_report({"ok": False, "reason": message}, args.smoke_test)
        print(f"callcompanion: {message}", file=sys.stderr)
        return 1
    setup_logging(paths.log_file, verbose=args.verbose)

    from callcompanion.gui.pyside_startup import lighten_feature_check

    lighten_feature_check()
    from callcompanion.app import run

    on_ready = None
    if args.quit_when_ready is not None:
        on_ready = _quit_when_ready(args.quit_when_ready)
    return run(
        paths,
        smoke_test=args.smoke_test is not None,
        smoke_output=args.smoke_test or "-",
        check_keyring=args.check_keyring,
        qt_args=qt_args,
        on_ready=on_ready,
    )


def _quit_when_ready(result: Path) -> Callable[[CallCompanion], None]:
    def ready(companion: CallCompanion) -> None:
        import json
        import time

        moment = time.monotonic()
        result.write_text(
            json.dumps(
                {
                    "ready": moment,
                    "window_shown": companion.window.isVisible(),
                    "tray_available": companion.tray.available,
                }
            ),
            encoding="utf-8",
        )
        companion.quit()

    return ready


if __name__ == "__main__":
    sys.exit(main())
