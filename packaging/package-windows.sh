#!/usr/bin/env bash
# Cross-compiles latchkey.exe for Windows with mingw-w64 (icon, manifest and
# version info embedded as a .syso by go-winres) and builds a per-user .msi
# with wixl. Output in dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=$(packaging/version.sh)
mkdir -p dist/windows
syso=rsrc_windows_amd64.syso
trap 'rm -f "$syso"' EXIT
bin/tools/go-winres simply --arch amd64 --out rsrc --manifest gui --icon assets/icons/latchkey-256.png \
  --product-name Latchkey --file-description "Latchkey: brokerage connections in an encrypted vault" \
  --product-version "$VERSION.0" --file-version "$VERSION.0" --original-filename latchkey.exe \
  --copyright "The Latchkey developers"
CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc \
  go build -tags "$(cat packaging/build-tags)" -trimpath -buildvcs=false \
  -ldflags "-s -w -buildid= -H=windowsgui -X main.version=$VERSION" -o dist/windows/latchkey.exe .
cp dist/windows/latchkey.exe "dist/latchkey-$VERSION-windows-amd64.exe"
wixl --arch x64 -D Version="$VERSION" -D Exe=dist/windows/latchkey.exe \
  -o "dist/latchkey-$VERSION-windows-amd64.msi" packaging/windows/latchkey.wxs
echo "windows artifacts:"; ls -1 dist/*.exe dist/*.msi
