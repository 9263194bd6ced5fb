#!/usr/bin/env bash
# Wraps a macOS latchkey binary into Latchkey.app with Fyne's packager and
# fixes what the packager leaves generic:
#   packaging/darwin/bundle.sh EXE OUTDIR VERSION
# Runs on any system (the bundle is files and a plist), so CI checks it on
# Linux with a stand-in binary (packaging/darwin/cross-check.sh); on a Mac
# package-darwin.sh signs the result and makes the .dmg.
#   - `fyne package --target darwin --executable EXE` (fyne.io/tools, pinned in
#     packaging/tools.sh) writes Contents/Info.plist, Contents/MacOS/latchkey
#     and Contents/Resources/icon.icns (the icon masked to Apple's rounded
#     square). Given an executable, it builds nothing. Its source folder is
#     a scratch one holding only a stub Go file (the packager wants Go code
#     there): pointed at the checkout, it would rewrite FyneApp.toml (bumping
#     its build number); the metadata comes from the flags.
#   - Its Info.plist says LSMinimumSystemVersion 10.11; Go 1.26 binaries need
#     macOS 12 (Monterey), so the plist says 12.0 and an older Mac refuses the
#     app with Finder's own message instead of a crash at start.
#   - `fyne package` has no category flag (only `fyne release` sets one), so
#     LSApplicationCategoryType is public.app-category.finance here.
set -euo pipefail
cd "$(dirname "$0")/../.."
exe=${1:?usage: bundle.sh EXE OUTDIR VERSION}; out=${2:?usage: bundle.sh EXE OUTDIR VERSION}; version=${3:?usage: bundle.sh EXE OUTDIR VERSION}
min_macos=12.0
say() { printf 'bundle: %s\n' "$*" >&2; }
fail() { say "FAIL: $*"; exit 1; }
[ -x bin/tools/fyne ] || packaging/tools.sh >/dev/null
root=$(pwd)
exe=$(cd "$(dirname "$exe")" && pwd)/$(basename "$exe")
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -rf "$out/Latchkey.app" "$out/.src"
mkdir "$out/.src"
printf 'package main\n' > "$out/.src/stub.go"
# The bundle's executable is named after the file given.
[ "$(basename "$exe")" = latchkey ] || fail "the executable must be named latchkey (got $(basename "$exe"))"
( cd "$out" && "$root/bin/tools/fyne" package --target darwin --executable "$exe" --name Latchkey \
    --src "$out/.src" --icon "$root/assets/icon.png" --app-id app.latchkey.desktop \
    --app-version "$version" --app-build 1 >/dev/null )
rm -rf "$out/.src"
plist="$out/Latchkey.app/Contents/Info.plist"
[ -f "$plist" ] || fail "fyne package wrote no $plist"
# Two edits in the plist's own text; the checks below fail if the packager's
# template changes under them.
sed -i.orig -e "s|<string>10\.11</string>|<string>$min_macos</string>|" \
  -e "s|<string>public\.app-category\.</string>|<string>public.app-category.finance</string>|" "$plist"
rm -f "$plist.orig"

# The bundle as macOS reads it: key KEY has string VALUE.
has() { tr -d '\n\t ' < "$plist" | grep -q "<key>$1</key><string>$2</string>" || fail "Info.plist: $1 is not $2"; }
has CFBundleExecutable latchkey
has CFBundleIdentifier app.latchkey.desktop
has CFBundleName Latchkey
has CFBundleShortVersionString "$version"
has CFBundleIconFile icon.icns
has LSMinimumSystemVersion "$min_macos"
has LSApplicationCategoryType public.app-category.finance
tr -d '\n\t ' < "$plist" | grep -q '<key>NSHighResolutionCapable</key><true/>' || fail "Info.plist: not NSHighResolutionCapable"
cmp -s "$exe" "$out/Latchkey.app/Contents/MacOS/latchkey" || fail "Contents/MacOS/latchkey is not the binary given"
[ -x "$out/Latchkey.app/Contents/MacOS/latchkey" ] || fail "Contents/MacOS/latchkey is not executable"
head -c 4 "$out/Latchkey.app/Contents/Resources/icon.icns" | grep -q icns || fail "Contents/Resources/icon.icns is not an icns file"
say "$out/Latchkey.app ($version, macOS $min_macos or later)"
