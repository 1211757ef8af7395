#!/usr/bin/env bash
# Run the tray-marked tests for real: Xvfb + a tray host (trayer) + Qt's xcb platform.
#
#   .ci/tray-tests.sh [extra pytest arguments]
#   PYTHON=/path/to/python .ci/tray-tests.sh -v
#
# apt (Debian 12): xvfb xauth trayer libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
#                  libxcb-render-util0 libxcb-shape0 libxkbcommon-x11-0 xdotool
# (docs/TESTING.md). The exit code is pytest's; 3 when the tray never became available.
#
# While pytest runs, CALLCOMPANION_TRAYER_PIDFILE names a file holding the PID of the running
# tray host; a test that stops the tray host and starts another one writes the new PID there, so
# this script always stops the right process.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
TRAY_WAIT_SECONDS=${TRAY_WAIT_SECONDS:-15}
TRAYER_CMD=(trayer --edge top --align right --widthtype request --height 24)

if [[ ${1:-} != --inside-xvfb ]]; then
    for tool in xvfb-run xauth trayer; do
        if ! command -v "$tool" >/dev/null 2>&1; then
            echo "tray-tests: '$tool' not found; apt-get install --no-install-recommends" \
                "xvfb xauth trayer" >&2
            exit 2
        fi
    done
    if [[ ! -x $PYTHON ]] && ! command -v "$PYTHON" >/dev/null 2>&1; then
        echo "tray-tests: no python at '$PYTHON' (set PYTHON or create .venv)" >&2
        exit 2
    fi
    export PYTHON TRAY_WAIT_SECONDS
    exec xvfb-run -a -s "-screen 0 1280x800x24" bash "${BASH_SOURCE[0]}" --inside-xvfb "$@"
fi
shift  # --inside-xvfb

# A session bus with a StatusNotifier watcher would make Qt skip the XEmbed tray (and, on a
# developer's desktop, put the icon into the real panel): the tests want Xvfb's tray only.
unset DBUS_SESSION_BUS_ADDRESS

workdir=$(mktemp -d "${TMPDIR:-/tmp}/tray-tests.XXXXXX")
pidfile=$workdir/trayer.pid
trayer_log=$workdir/trayer.log

stop_trayer() {
    local pid
    pid=$(cat "$pidfile" 2>/dev/null || true)
    if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
    fi
    wait 2>/dev/null || true
}
cleanup() {
    stop_trayer
    rm -rf "$workdir"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

"${TRAYER_CMD[@]}" >"$trayer_log" 2>&1 &
echo $! >"$pidfile"
echo "tray-tests: DISPLAY=$DISPLAY, trayer pid $(cat "$pidfile"), python $PYTHON"

# Wait until Qt itself sees the tray (the selection owner exists and answers).
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
' "$TRAY_WAIT_SECONDS" || wait_rc=$?
if ((wait_rc == 1)); then
    echo "tray-tests: no system tray after ${TRAY_WAIT_SECONDS}s; trayer said:" >&2
    cat "$trayer_log" >&2 || true
    exit 3
elif ((wait_rc != 0)); then
    echo "tray-tests: Qt could not start on xcb (exit $wait_rc); QT_DEBUG_PLUGINS=1 names the" \
        "missing library" >&2
    exit 3
fi

rc=0
CALLCOMPANION_TRAYER_PIDFILE=$pidfile QT_QPA_PLATFORM=xcb \
    "$PYTHON" -m pytest -m tray -p no:xvfb "$@" || rc=$?
exit "$rc"
