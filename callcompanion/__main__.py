"""Entry point: ``callcompanion`` / ``python -m callcompanion``.

Start-up order: arguments, paths, the profile's lock (a launch that finds the app running hands
its request over and exits), logging, and only then Qt and the app, so ``--version``, a bad
``--profile``, a second launch and ``--status`` answer without loading Qt.
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
    from callcompanion.instance import Request
    from callcompanion.paths import AppPaths


EPILOG = """\
one app per profile:
  A launch on a profile where callcompanion already runs hands its request to the running
  app and exits: a plain launch (or --show) brings its window forward, --start-call starts
  the call there. With no app running, --start-call launches it and starts the call once
  the window is up (--sign-in likewise); --status and --end-call never launch it.

examples:
  callcompanion --start-call 12345 --call-type troubleshooting --platform zoom
  callcompanion --start-call https://acme.zendesk.com/agent/tickets/12345 --customer-joined
  callcompanion --status        # one JSON line, for status bars (waybar, polybar) and scripts
  callcompanion --end-call      # as the End call button: the summary editor opens
  callcompanion --sign-in       # sign in with Zendesk in the browser (onboarding scripts)

exit codes:
  0  done
  1  the running app refused (a call is already running, an unknown ticket form or call
     type, a checklist step that gates the start, no connection that signs in with Zendesk)
     or did not answer; the reason is on stderr
  2  wrong command line
  3  --status or --end-call: callcompanion is not running on this profile
"""


def parse_args(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(
        prog="callcompanion",
        description="The call timer, prompts and history beside your customer calls.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"callcompanion {__version__}")
    parser.add_argument(
        "--profile",
        metavar="DIR",
        type=Path,
        help="keep every file of the app (settings, history, logs) under DIR",
    )
    actions = parser.add_mutually_exclusive_group()
    actions.add_argument(
        "--show",
        action="store_true",
        help="bring the running app's window forward, or start the app (a plain launch does "
        "the same)",
    )
    actions.add_argument(
        "--start-call",
        metavar="TICKET",
        help="start a call on TICKET (12345, #12345 or the ticket's agent link) in the running "
        "app, or start the app and then the call",
    )
    actions.add_argument(
        "--status",
        action="store_true",
        help="print one JSON line about the running app: the call (ticket, call type, state, "
        "elapsed seconds, planned minutes, due prompts), the outbox, the notices and each "
        "Zendesk connection (how it signs in, whether it is signed in or must sign in again); "
        '{"running": false} and exit code 3 when it is not running',
    )
    actions.add_argument(
        "--end-call",
        action="store_true",
        help="end the running call as the End call button does (the summary editor opens)",
    )
    actions.add_argument(
        "--sign-in",
        action="store_true",
        help="sign in with Zendesk in the running app (or start it): opens Settings at Zendesk "
        "and starts the sign-in in the browser for the default connection that signs in with "
        "Zendesk",
    )
    actions.add_argument(
        "--smoke-test",
        nargs="?",
        const="-",
        metavar="FILE",
        help="start the whole app, print one JSON line with what it found (or write it to FILE: "
        "a windowed build on Windows has no console), and exit (0 = ok). It never sends "
        "anything; if the app is running on the profile it checks a throwaway copy of it",
    )
    call = parser.add_argument_group("with --start-call")
    call.add_argument(
        "--call-type",
        metavar="KEY",
        help="the call type's key (troubleshooting, discovery, upgrade_assistance…; default: "
        "the one chosen in the window)",
    )
    call.add_argument(
        "--platform",
        metavar="KEY",
        help="zoom or webex (default: the one chosen in the window)",
    )
    call.add_argument(
        "--customer-joined",
        action="store_true",
        help="the customer is already in the meeting",
    )
    parser.add_argument(
        "--check-keyring",
        action="store_true",
        help="with --smoke-test: also store, read back and delete a throwaway secret, and fail "
        "without a secure keyring",
    )
    parser.add_argument(
        "--tray",
        action="store_true",
        help="start in the tray without opening the window (how the app starts at login); the "
        "window opens anyway while a call is still running or when there is no tray",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    # For start-up benchmarks of a built app (benchmarks/frozen.py): once the window is shown
    # and the tray set up, write time.monotonic() as JSON to FILE and quit.
    parser.add_argument("--quit-when-ready", metavar="FILE", type=Path, help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args(argv)
    if args.start_call is None:
        given = [
            option
            for option, value in (
                ("--call-type", args.call_type),
                ("--platform", args.platform),
                ("--customer-joined", args.customer_joined),
            )
            if value
        ]
        if given:
            parser.error(f"{given[0]} only goes with --start-call")
    return args, rest


def _request(args: argparse.Namespace) -> Request:
    from callcompanion.instance import END_CALL, SHOW, SIGN_IN, START_CALL, STATUS, Request

    if args.start_call is not None:
        return Request(
            START_CALL,
            {
                "ticket": args.start_call,
                "call_type": args.call_type,
                "platform": args.platform,
                "customer_joined": args.customer_joined,
            },
        )
    if args.status:
        return Request(STATUS)
    if args.end_call:
        return Request(END_CALL)
    if args.sign_in:
        return Request(SIGN_IN)
    return Request(SHOW)


def main(argv: list[str] | None = None) -> int:
    args, qt_args = parse_args(sys.argv[1:] if argv is None else argv)
    unknown = [a for a in qt_args if a.startswith("--")]
    if unknown:
        print(f"callcompanion: unknown option {unknown[0]} (see --help)", file=sys.stderr)
        return 2

    from callcompanion import instance
    from callcompanion.paths import AppPaths

    paths = AppPaths.for_profile(args.profile) if args.profile else AppPaths.from_platform()
    request = _request(args)
    if args.status or args.end_call:
        return _ask_running_app(paths, request)
    try:
        paths.create()
    except OSError as err:
        message = f"cannot create the app's folders ({err})"
        if args.smoke_test:
            from callcompanion.smoke import write_smoke_report

            write_smoke_report({"ok": False, "reason": message}, args.smoke_test)
        print(f"callcompanion: {message}", file=sys.stderr)
        return 1

    lock = None
    if args.smoke_test is None:
        # Before Qt loads: a launch that finds the app running hands over and exits at once.
        try:
            claimed = instance.claim(paths.lock_file, paths.instance_key(), request)
        except (instance.NotAnsweringError, instance.ProtocolError) as err:
            print(f"callcompanion: {err}", file=sys.stderr)
            return instance.EXIT_REFUSED
        if claimed.lock is None:
            return instance.report_reply(request, claimed.reply or {})
        lock = claimed.lock

    from callcompanion.log import setup_logging

    setup_logging(paths.log_file, verbose=args.verbose)

    from callcompanion.gui.pyside_startup import lighten_feature_check

    lighten_feature_check()
    from callcompanion.bootstrap import run

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
        instance=lock,
        request=request,
        tray=args.tray,
    )


def _ask_running_app(paths: AppPaths, request: Request) -> int:
    """``--status`` and ``--end-call``: only ever the running app; never start it."""
    from callcompanion import instance

    try:
        reply = instance.ask(paths.lock_file, paths.instance_key(), request)
    except (instance.NotAnsweringError, instance.ProtocolError) as err:
        print(f"callcompanion: {err}", file=sys.stderr)
        return instance.EXIT_REFUSED
    if reply is None:
        if request.command == instance.STATUS:
            print('{"running": false}', flush=True)
        else:
            print(
                "callcompanion: callcompanion is not running on this profile, so no call is "
                "running.",
                file=sys.stderr,
            )
        return instance.EXIT_NOT_RUNNING
    return instance.report_reply(request, reply)


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
