#!/usr/bin/env bash
# Run the long-haul tests (tests/longhaul/, "-m longhaul"): the installed app as its own
# process on Xvfb, with openbox (focus and stacking) and trayer (the tray), on a fast clock
# (libfaketime) where a test asks for one.
#
#   .ci/longhaul.sh [extra pytest arguments]
#   PYTHON=/path/to/python .ci/longhaul.sh -k three_hour
#
# apt (Debian 12): xvfb xauth trayer xdotool openbox faketime x11-utils, plus Qt's xcb
# libraries (see .ci/run). Exit code: pytest's; 2 when a tool is missing; 3 when the tray or
# the window manager never came up.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
WAIT_SECONDS=${WAIT_SECONDS:-15}

if [[ ${1:-} != --inside-xvfb ]]; then
    for tool in xvfb-run xauth trayer openbox xdotool faketime; do
        if ! command -v "$tool" >/dev/null 2>&1; then
            echo "longhaul: '$tool' not found; apt-get install --no-install-recommends" \
                "xvfb xauth trayer openbox xdotool faketime x11-utils" >&2
            exit 2
        fi
    done
    if [[ ! -x $PYTHON ]] && ! command -v "$PYTHON" >/dev/null 2>&1; then
        echo "longhaul: no python at '$PYTHON' (set PYTHON or create .venv)" >&2
        exit 2
    fi
    export PYTHON WAIT_SECONDS
    exec xvfb-run -a -s "-screen 0 1280x800x24" bash "${BASH_SOURCE[0]}" --inside-xvfb "$@"
fi
shift  # --inside-xvfb

# A session bus with a StatusNotifier watcher would take the icon away from trayer.
unset DBUS_SESSION_BUS_ADDRESS

workdir=$(mktemp -d "${TMPDIR:-/tmp}/longhaul.XXXXXX")
pids=()
cleanup() {
    local pid
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    rm -rf "$workdir"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# openbox reads ~/.config/openbox; a private config home keeps a developer's out of the test.
XDG_CONFIG_HOME=$workdir/config openbox >"$workdir/openbox.log" 2>&1 &
pids+=($!)
trayer --edge top --align right --widthtype request --height 24 >"$workdir/trayer.log" 2>&1 &
pids+=($!)

# Wait for the window manager (it sets _NET_SUPPORTING_WM_CHECK on the root window) and for a
# tray Qt can see.
deadline=$((SECONDS + WAIT_SECONDS))
until xprop -root _NET_SUPPORTING_WM_CHECK 2>/dev/null | grep -q 'window id'; do
    if ((SECONDS > deadline)); then
        echo "longhaul: openbox did not start in ${WAIT_SECONDS}s:" >&2
        cat "$workdir/openbox.log" >&2 || true
        exit 3
    fi
    sleep 0.1
done
wait_rc=0
QT_QPA_PLATFORM=xcb "$PYTHON" -c '
import sys, time
from PySide6.QtWidgets import QApplication, QSystemTrayIcon
app = QApplication([])
deadline = time.monotonic() + float(sys.argv[1])
while not QSystemTrayIcon.isSystemTrayAvailable():
    if time.monotonic() > deadline:
        sys.exit(1)
    app.processEvents()
    time.sleep(0.05)
' "$WAIT_SECONDS" || wait_rc=$?
if ((wait_rc != 0)); then
    echo "longhaul: no system tray after ${WAIT_SECONDS}s (exit $wait_rc); trayer said:" >&2
    cat "$workdir/trayer.log" >&2 || true
    exit 3
fi
echo "longhaul: DISPLAY=$DISPLAY, openbox and trayer up, python $PYTHON"

rc=0
CALLCOMPANION_LONGHAUL=1 QT_QPA_PLATFORM=xcb \
    "$PYTHON" -m pytest -m longhaul -p no:xvfb tests/longhaul "$@" || rc=$?
exit "$rc"
