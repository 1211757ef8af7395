#!/usr/bin/env bash
# The frozen build on Linux, as users get it: build the onedir from callcompanion.spec, then
# smoke-test it three ways, each failing on any problem the app reports:
#   1. offscreen beside a real Secret Service, with a keyring round trip (never the fail backend);
#   2. on X11 (Xvfb) with a tray host, so the xcb plugin and its libraries are really in the bundle;
#   3. installed for a user from the release archive (packaging/linux/make_archive.sh);
#   4. a 40-minute call on a clock sped up 60 times from outside (faketime): the frozen app must
#      still be running with the elapsed time right (the Qt bindings once aborted 25 minutes in).
# Prints the bundle and archive sizes.
#
#   .ci/frozen.sh                      everything above (run by .ci/run), in build/frozen/
#   .ci/frozen.sh --xcb-smoke EXE      only check 2, for EXE (the release workflow uses it)
#
# apt (Debian 12): as for the tests (.ci/run installs them). PYTHON (default .venv/bin/python)
# must have the app's build requirements: pip install -e '.[build]'.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
[[ -x $PYTHON ]] || PYTHON=$(command -v python3)
export PYTHON

xcb_smoke() {
    local exe=$1
    xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
        set -u
        unset DBUS_SESSION_BUS_ADDRESS  # the XEmbed tray of trayer, not a StatusNotifier one
        trayer --edge top --align right --widthtype request --height 24 >/dev/null 2>&1 &
        trayer_pid=$!
        QT_QPA_PLATFORM=xcb "$PYTHON" -c "
import sys, time
from PySide6.QtWidgets import QApplication, QSystemTrayIcon
app = QApplication([])
deadline = time.monotonic() + 15
while not QSystemTrayIcon.isSystemTrayAvailable():
    if time.monotonic() > deadline:
        sys.exit(\"no system tray after 15 s\")
    app.processEvents()
    time.sleep(0.05)
"
        rc=$?
        if ((rc == 0)); then
            QT_QPA_PLATFORM=xcb "$PYTHON" packaging/smoke.py "$1" --platform xcb --tray
            rc=$?
        fi
        kill "$trayer_pid" 2>/dev/null
        wait 2>/dev/null
        exit "$rc"
    ' xcb-smoke "$exe"
}

if [[ ${1:-} == --xcb-smoke ]]; then
    xcb_smoke "${2:?usage: $0 --xcb-smoke EXECUTABLE}"
    exit
fi

OUT=$ROOT/build/frozen
rm -rf "$OUT"
mkdir -p "$OUT"
config=$(mktemp -d)
home=$(mktemp -d)
trap 'rm -rf "$config" "$home"' EXIT

echo "--- building the onedir from callcompanion.spec"
started=$(date +%s)
PYINSTALLER_CONFIG_DIR=$config "$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$OUT/dist" --workpath "$OUT/work" callcompanion.spec
echo "built in $(($(date +%s) - started)) s"
EXE=$OUT/dist/callcompanion/callcompanion

echo "--- 1. offscreen, beside a real Secret Service"
XDG_DATA_HOME=$(mktemp -d -p "$home") QT_QPA_PLATFORM=offscreen \
    dbus-run-session -- .ci/keyring-session.sh \
    "$PYTHON" packaging/smoke.py "$EXE" --check-keyring --backend SecretService

echo "--- 2. X11 (Xvfb) with a tray host"
xcb_smoke "$EXE"

echo "--- 3. installed from the release archive"
archive=$(packaging/linux/make_archive.sh "$OUT/dist/callcompanion" "$OUT")
tar -C "$home" -xzf "$archive"
for installer in "$home"/callcompanion-*/install.sh; do
    HOME=$home XDG_DATA_HOME=$home/.local/share XDG_CONFIG_HOME=$home/.config "$installer"
done
QT_QPA_PLATFORM=offscreen "$PYTHON" packaging/smoke.py "$home/.local/bin/callcompanion"

echo "--- 4. a 40-minute call on a fast clock (faketime x60)"
"$PYTHON" .ci/long_call.py "$EXE" --minutes 40

bundle_kib=$(du -sk "$OUT/dist/callcompanion" | cut -f1)
archive_kib=$(du -k "$archive" | cut -f1)
echo "--- bundle: $((bundle_kib / 1024)) MiB ($OUT/dist/callcompanion)," \
    "archive: $((archive_kib / 1024)) MiB ($(basename "$archive"))"
