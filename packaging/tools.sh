#!/usr/bin/env bash
# Installs the pinned packaging tools into bin/tools (from the Go module proxy)
# and the Debian packages they need. Prints nothing when all are present.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bin/tools
export GOBIN="$PWD/bin/tools"
[ -x bin/tools/fyne ] || go install fyne.io/tools/cmd/fyne@v1.7.4
[ -x bin/tools/nfpm ] || go install github.com/goreleaser/nfpm/v2/cmd/nfpm@v2.44.0
[ -x bin/tools/go-winres ] || go install github.com/tc-hib/go-winres@v0.3.3
need=()
command -v wixl >/dev/null 2>&1 || need+=(wixl)
command -v msiinfo >/dev/null 2>&1 || need+=(msitools)
command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || need+=(gcc-mingw-w64-x86-64)
command -v appstreamcli >/dev/null 2>&1 || need+=(appstream)
command -v dpkg-deb >/dev/null 2>&1 || need+=(dpkg)
command -v xz >/dev/null 2>&1 || need+=(xz-utils)
if [ ${#need[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "packaging needs: ${need[*]} (Debian package names); install them with your package manager" >&2
    exit 1
  fi
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  echo "installing with apt-get: ${need[*]}" >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
