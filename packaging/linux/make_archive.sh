#!/usr/bin/env bash
# The Linux download: the onedir build, a desktop entry, the icon and a per-user installer, in
# one tar.gz.
#
#   packaging/linux/make_archive.sh [DIST_DIR] [OUT_DIR]
#
# DIST_DIR is PyInstaller's output folder (default dist/callcompanion); the archive goes to
# OUT_DIR (default dist/) as callcompanion-VERSION-linux-ARCH.tar.gz. Prints its path.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DIST=$(cd "${1:-$ROOT/dist/callcompanion}" && pwd)
OUT=${2:-$ROOT/dist}

# The build answers --version before it loads Qt, so this works on a machine without a display.
version=$("$DIST/callcompanion" --version | awk '{print $2}')
arch=$(uname -m)
name="callcompanion-$version-linux-$arch"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

mkdir -p "$stage/$name" "$OUT"
cp -a "$DIST" "$stage/$name/callcompanion"
cp "$ROOT/packaging/linux/install.sh" "$stage/$name/install.sh"
cp "$ROOT/packaging/linux/callcompanion.desktop" "$stage/$name/callcompanion.desktop"
cp "$ROOT/packaging/icons/callcompanion.png" "$stage/$name/callcompanion.png"
chmod 755 "$stage/$name/install.sh"
tar -C "$stage" -czf "$OUT/$name.tar.gz" "$name"
echo "$OUT/$name.tar.gz"
