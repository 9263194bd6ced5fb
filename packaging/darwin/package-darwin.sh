#!/usr/bin/env bash
# Builds Latchkey.app and a .dmg on macOS (a Mac with Xcode's command line
# tools, `xcode-select --install`, and Go 1.26+), for Apple silicon and Intel
# Macs in one download:
#   make package-darwin  ->  dist/latchkey-VERSION-macos-universal.dmg
#   1. latchkey built for darwin/arm64 and darwin/amd64 (cgo: Apple's clang
#      builds both on either kind of Mac) and joined with lipo;
#   2. Latchkey.app made by packaging/darwin/bundle.sh (Fyne's packager, then
#      the minimum macOS and the category put right);
#   3. signed: with SIGN_IDENTITY (a "Developer ID Application: …" certificate
#      in the keychain) with the hardened runtime and a secure timestamp, as
#      notarisation requires; without it, ad hoc (Apple silicon runs only
#      signed code; Gatekeeper still asks the user once, see the README);
#   4. the .dmg (hdiutil), signed too when SIGN_IDENTITY is set;
#   5. notarised and stapled when NOTARY_APPLE_ID, NOTARY_TEAM_ID and
#      NOTARY_PASSWORD (an app-specific password) are set, so Gatekeeper
#      opens it without asking, offline too.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "$(uname -s)" = Darwin ] || { echo "package-darwin runs on macOS only (see packaging/ci/release.yml); make test-darwin-cross checks the bundle anywhere" >&2; exit 1; }
say() { printf 'package-darwin: %s\n' "$*" >&2; }
VERSION=$(packaging/version.sh)
work=dist/darwin
rm -rf "$work"
mkdir -p "$work"
for arch in arm64 amd64; do
  say "building darwin/$arch"
  CGO_ENABLED=1 GOOS=darwin GOARCH=$arch MACOSX_DEPLOYMENT_TARGET=12.0 go build -tags "$(cat packaging/build-tags)" -trimpath -buildvcs=false \
    -ldflags "-s -w -buildid= -X main.version=$VERSION" -o "$work/latchkey-$arch" .
done
lipo -create -output "$work/latchkey" "$work/latchkey-arm64" "$work/latchkey-amd64"
lipo -verify_arch arm64 x86_64 "$work/latchkey"
rm -f "$work/latchkey-arm64" "$work/latchkey-amd64"
packaging/darwin/bundle.sh "$work/latchkey" "$work" "$VERSION"
app="$work/Latchkey.app"

if [ -n "${SIGN_IDENTITY:-}" ]; then
  codesign --force --options runtime --timestamp --sign "$SIGN_IDENTITY" "$app"
else
  say "SIGN_IDENTITY not set: signing ad hoc (not notarisable)"
  codesign --force --sign - "$app"
fi
codesign --verify --strict --verbose=2 "$app"

dmg="dist/latchkey-$VERSION-macos-universal.dmg"
rm -f "$dmg"
hdiutil create -volname Latchkey -srcfolder "$app" -ov -format UDZO "$dmg"
if [ -n "${SIGN_IDENTITY:-}" ]; then
  codesign --force --timestamp --sign "$SIGN_IDENTITY" "$dmg"
fi
if [ -n "${NOTARY_APPLE_ID:-}" ] && [ -n "${SIGN_IDENTITY:-}" ]; then
  say "notarising $dmg (waits for Apple's answer)"
  xcrun notarytool submit "$dmg" --apple-id "$NOTARY_APPLE_ID" --team-id "${NOTARY_TEAM_ID:?}" \
    --password "${NOTARY_PASSWORD:?}" --wait
  xcrun stapler staple "$dmg"
  spctl --assess --type open --context context:primary-signature --verbose "$dmg"
fi
echo "macOS artifacts:"; ls -1 dist/*.dmg
