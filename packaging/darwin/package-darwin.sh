#!/usr/bin/env bash
# Builds Latchkey.app and a .dmg on macOS (run on a Mac with Xcode's command
# line tools; Go 1.26+). Signing and notarisation need an Apple Developer ID:
# set SIGN_IDENTITY (e.g. "Developer ID Application: …") to sign with the
# hardened runtime; notarise the .dmg afterwards with `xcrun notarytool`.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "$(uname -s)" = Darwin ] || { echo "package-darwin runs on macOS only (see packaging/ci/release.yml)" >&2; exit 1; }
VERSION=$(packaging/version.sh)
ARCH=$(go env GOARCH)
mkdir -p dist/darwin bin/tools
GOBIN="$PWD/bin/tools" go install fyne.io/tools/cmd/fyne@v1.7.4
CGO_ENABLED=1 go build -tags migrated_fynedo -trimpath -buildvcs=false \
  -ldflags "-s -w -buildid= -X main.version=$VERSION" -o dist/darwin/latchkey .
( cd dist/darwin && ../../bin/tools/fyne package --os darwin --exe "$PWD/latchkey" --name Latchkey --release \
    --src ../.. --icon "$PWD/../../assets/icon.png" --app-id app.latchkey.desktop --app-version "$VERSION" )
if [ -n "${SIGN_IDENTITY:-}" ]; then
  codesign --force --deep --options runtime --timestamp --sign "$SIGN_IDENTITY" dist/darwin/Latchkey.app
fi
rm -f "dist/latchkey-$VERSION-macos-$ARCH.dmg"
hdiutil create -volname Latchkey -srcfolder dist/darwin/Latchkey.app -ov -format UDZO "dist/latchkey-$VERSION-macos-$ARCH.dmg"
echo "macOS artifacts:"; ls -1 dist/*.dmg
