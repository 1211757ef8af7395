#!/usr/bin/env bash
# The macOS download: dist/callcompanion.app in a compressed disk image with an Applications
# shortcut; signed and notarized when the credentials are there, ad-hoc signed otherwise.
#
#   packaging/macos/make_dmg.sh [APP] [OUT_DIR]        (defaults: dist/callcompanion.app, dist/)
#
# Optional environment (the release workflow sets them from repository secrets):
#   MACOS_CODESIGN_IDENTITY   "Developer ID Application: Name (TEAMID)", in the keychain. Give
#                             it to the PyInstaller build too: it signs every binary inside.
#   MACOS_NOTARY_APPLE_ID, MACOS_NOTARY_TEAM_ID, MACOS_NOTARY_PASSWORD (an app-specific
#                             password): notarize the image with notarytool and staple it.
# Without them the image is still made; the script says what was skipped. Prints the image path.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
APP=${1:-$ROOT/dist/callcompanion.app}
OUT=${2:-$ROOT/dist}
IDENTITY=${MACOS_CODESIGN_IDENTITY:-}

if [[ ! -d $APP/Contents/MacOS ]]; then
    echo "make_dmg: $APP is not an app bundle; build it with: pyinstaller callcompanion.spec" >&2
    exit 1
fi
version=$(/usr/libexec/PlistBuddy -c "Print :CFBundleShortVersionString" "$APP/Contents/Info.plist")
arch=$(uname -m)
mkdir -p "$OUT"
DMG="$OUT/callcompanion-$version-macos-$arch.dmg"

if [[ -n $IDENTITY ]]; then
    # PyInstaller signed the bundle with the hardened runtime; check that before shipping it.
    codesign --verify --deep --strict --verbose=2 "$APP" >&2
    if ! codesign --display --verbose=2 "$APP" 2>&1 | grep -q "flags=.*runtime"; then
        echo "make_dmg: $APP is not signed with the hardened runtime (notarization needs it)" >&2
        exit 1
    fi
else
    echo "make_dmg: MACOS_CODESIGN_IDENTITY is not set: the app stays ad-hoc signed, and" \
        "Gatekeeper asks users to confirm the first start (Control-click → Open)." >&2
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
ditto "$APP" "$stage/callcompanion.app"
ln -s /Applications "$stage/Applications"
rm -f "$DMG"
hdiutil create -quiet -volname "callcompanion $version" -srcfolder "$stage" -fs HFS+ \
    -format UDZO -imagekey zlib-level=9 "$DMG"

if [[ -n $IDENTITY ]]; then
    codesign --force --timestamp --sign "$IDENTITY" "$DMG"
fi
if [[ -n $IDENTITY && -n ${MACOS_NOTARY_APPLE_ID:-} && -n ${MACOS_NOTARY_TEAM_ID:-} \
    && -n ${MACOS_NOTARY_PASSWORD:-} ]]; then
    xcrun notarytool submit "$DMG" --wait --timeout 30m \
        --apple-id "$MACOS_NOTARY_APPLE_ID" --team-id "$MACOS_NOTARY_TEAM_ID" \
        --password "$MACOS_NOTARY_PASSWORD" >&2
    xcrun stapler staple "$DMG" >&2
    xcrun stapler validate "$DMG" >&2
else
    echo "make_dmg: notarization skipped (needs MACOS_CODESIGN_IDENTITY and the" \
        "MACOS_NOTARY_* variables)." >&2
fi
echo "$DMG"
