#!/usr/bin/env bash
# Builds the Linux release artifacts into dist/: the fyne package archive
# (.tar.xz with its Makefile and desktop entry), a .deb and an .rpm (nfpm),
# after validating the AppStream metainfo. Reproducible: -trimpath, stripped,
# no build id, file times from the last commit.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=$(packaging/version.sh)
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
ARCH=$(go env GOARCH)
mkdir -p dist/linux
appstreamcli validate --no-net packaging/linux/app.latchkey.desktop.metainfo.xml >/dev/null
CGO_ENABLED=1 go build -tags "$(cat packaging/build-tags)" -trimpath -buildvcs=false \
  -ldflags "-s -w -buildid= -X main.version=$VERSION" -o dist/linux/latchkey .

# fyne's archive: bin, desktop entry, icon and a Makefile for `make install`.
top=$PWD
( cd dist/linux && "$top/bin/tools/fyne" package --os linux --exe "$top/dist/linux/latchkey" --name Latchkey --release \
    --src "$top" --icon "$top/assets/icon.png" --app-id app.latchkey.desktop --app-version "$VERSION" >/dev/null )
mv dist/linux/Latchkey.tar.xz "dist/latchkey-$VERSION-linux-$ARCH.tar.xz"

for fmt in deb rpm; do
  VERSION=$VERSION ARCH=$ARCH bin/tools/nfpm package --config packaging/linux/nfpm.yaml \
    --packager "$fmt" --target "dist/" >/dev/null
done
echo "linux artifacts:"; ls -1 dist/*.tar.xz dist/*.deb dist/*.rpm
