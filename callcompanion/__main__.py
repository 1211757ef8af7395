"""Entry point: ``callcompanion`` / ``python -m callcompanion``.

Start-up order: arguments, paths, logging, and only then Qt and the app, so ``--version`` and a
bad ``--profile`` answer instantly.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from callcompanion import __version__


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
        action="store_true",
        help="start the whole app, print one JSON line with what it found, and exit (0 = ok)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
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
            import json

            print(json.dumps({"ok": False, "reason": message}))
        print(f"callcompanion: {message}", file=sys.stderr)
        return 1
    setup_logging(paths.log_file, verbose=args.verbose)

    from callcompanion.app import run

    return run(paths, smoke_test=args.smoke_test, qt_args=qt_args)


if __name__ == "__main__":
    sys.exit(main())
