#!/bin/sh
# Run a command beside a real, unlocked Secret Service (gnome-keyring), headless.
#
# usage: XDG_DATA_HOME=$(mktemp -d) dbus-run-session -- .ci/keyring-session.sh python -m pytest -m secretservice
#
# apt (Debian 12): gnome-keyring dbus (docs/TESTING.md). The exit code is the command's;
# 1 when the Secret Service never appeared on the bus. The daemon always gets a fresh keyring
# folder of its own (a reused one with another password gives KeyringLocked), and it is stopped
# by its PID afterwards, so no daemon is left behind.
set -eu

if [ "$#" -eq 0 ]; then
    echo "usage: dbus-run-session -- $0 command [args...]" >&2
    exit 2
fi
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
    echo "keyring-session: no session bus; run me under dbus-run-session" >&2
    exit 2
fi

keyring_home=$(mktemp -d "${TMPDIR:-/tmp}/keyring-session.XXXXXX")
GKD=
cleanup() {
    if [ -n "$GKD" ]; then
        kill "$GKD" 2>/dev/null || true
        wait "$GKD" 2>/dev/null || true
    fi
    rm -rf "$keyring_home"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# The unlock password must not be empty: with an empty one no login collection is created and
# the daemon asks a GUI prompter (Gtk-WARNING / "Prompt dismissed", or a hang on a display).
printf 'ci-pass' | XDG_DATA_HOME=$keyring_home \
    gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
GKD=$!
i=0
until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q true; do
    i=$((i + 1))
    if [ "$i" -gt 50 ]; then
        echo "keyring-session: org.freedesktop.secrets did not appear within 5 s" >&2
        exit 1
    fi
    sleep 0.1
done

rc=0
"$@" || rc=$?
exit "$rc"
