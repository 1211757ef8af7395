#!/usr/bin/env bash
# Install callcompanion for the current user (no root): the app under ~/.local/lib, a command in
# ~/.local/bin, a menu entry and its icon.
#
#   ./install.sh              install or update (a running copy keeps running until it quits)
#   ./install.sh --autostart  the same, and start callcompanion (in the tray) when you log in;
#                             the entry is the one Settings → "Start callcompanion when I log
#                             in" writes, so the tick there shows it and can turn it off
#   ./install.sh --uninstall  remove it again (settings, history and keyring entries stay)
#
# PREFIX (default ~/.local) and XDG_DATA_HOME / XDG_CONFIG_HOME are honoured. The system needs
# libegl1, libgl1 and fontconfig (present on any desktop).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PREFIX=${PREFIX:-$HOME/.local}
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
CONFIG=${XDG_CONFIG_HOME:-$HOME/.config}
APP_DIR=$PREFIX/lib/callcompanion
BIN=$PREFIX/bin/callcompanion
DESKTOP=$DATA/applications/callcompanion.desktop
ICON=$DATA/icons/hicolor/256x256/apps/callcompanion.png
AUTOSTART=$CONFIG/autostart/callcompanion.desktop

uninstall() {
    rm -rf "$APP_DIR"
    rm -f "$BIN" "$DESKTOP" "$ICON" "$AUTOSTART"
    echo "callcompanion is removed. Your settings and history stay in $CONFIG/callcompanion and"
    echo "$DATA/callcompanion; delete those folders too for a clean slate."
}

desktop_entry() {
    # Quoted: the desktop entry spec splits Exec on spaces (a home folder may have one).
    sed "s|^Exec=.*|Exec=\"$APP_DIR/callcompanion\"|" "$HERE/callcompanion.desktop"
}

case "${1:-}" in
--uninstall)
    uninstall
    exit 0
    ;;
--autostart | "") ;;
*)
    echo "usage: $0 [--autostart | --uninstall]" >&2
    exit 2
    ;;
esac

if [[ ! -x $HERE/callcompanion/callcompanion ]]; then
    echo "install.sh: run it from the unpacked archive (callcompanion/ is missing)" >&2
    exit 1
fi
mkdir -p "$PREFIX/lib" "$PREFIX/bin" "$(dirname "$DESKTOP")" "$(dirname "$ICON")"
# Unpack beside the old version, then swap, so a failed copy never leaves half an app.
rm -rf "$APP_DIR.new"
cp -a "$HERE/callcompanion" "$APP_DIR.new"
rm -rf "$APP_DIR"
mv "$APP_DIR.new" "$APP_DIR"
ln -sfn "$APP_DIR/callcompanion" "$BIN"
cp "$HERE/callcompanion.png" "$ICON"
desktop_entry >"$DESKTOP"
if [[ ${1:-} == --autostart ]]; then
    mkdir -p "$(dirname "$AUTOSTART")"
    desktop_entry | sed 's|^Exec=.*|& --tray|' >"$AUTOSTART"
fi
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$(dirname "$DESKTOP")" || true
fi
echo "callcompanion $("$APP_DIR/callcompanion" --version | awk '{print $2}') is installed:"
echo "  start it from the applications menu, or run $BIN"
