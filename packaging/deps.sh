#!/usr/bin/env bash
# Installs what building (and, with "test", testing) Latchkey needs and is missing.
#   packaging/deps.sh        build prerequisites: Go, a C compiler, GL and X11 headers
#   packaging/deps.sh test   also Xvfb, xdotool and ImageMagick for the window smoke test
#   packaging/deps.sh windows  Wine (64-bit) and mingw-w64 for `make test-windows` (Linux only)
# Debian/Ubuntu use apt-get, Fedora uses dnf. On macOS and Windows it says what to install.
set -euo pipefail

want_test=${1:-}
say() { printf 'latchkey deps: %s\n' "$*" >&2; }

missing_build() {
  command -v gcc >/dev/null 2>&1 || return 0
  command -v pkg-config >/dev/null 2>&1 || return 0
  pkg-config --exists gl x11 xrandr xcursor xinerama xi xxf86vm 2>/dev/null || return 0
  return 1
}
missing_windows() {
  command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || return 0
  packaging/wine/wine.sh --which >/dev/null 2>&1 || return 0
  return 1
}
missing_test() {
  command -v Xvfb >/dev/null 2>&1 || return 0
  command -v xdotool >/dev/null 2>&1 || return 0
  command -v import >/dev/null 2>&1 || return 0
  return 1
}

need=()
case "$(uname -s)" in
  Linux) ;;
  Darwin)
    command -v go >/dev/null 2>&1 || { say "install Go 1.26 or newer from https://go.dev/dl/ (or: brew install go)"; exit 1; }
    xcode-select -p >/dev/null 2>&1 || { say "install the Xcode command line tools: xcode-select --install"; exit 1; }
    exit 0 ;;
  MINGW*|MSYS*|CYGWIN*|Windows_NT)
    say "on Windows install Go 1.26+ (https://go.dev/dl/) and a cgo compiler (MSYS2 mingw-w64-x86_64-gcc, or TDM-GCC), then run make from that shell"
    command -v go >/dev/null 2>&1 && command -v gcc >/dev/null 2>&1 && exit 0
    exit 1 ;;
  *) say "unsupported system $(uname -s): install Go 1.26+, a C compiler and OpenGL/X11 development headers"; exit 1 ;;
esac

if ! command -v go >/dev/null 2>&1; then
  say "Go is not installed: install Go 1.26 or newer from https://go.dev/dl/ (distribution packages are often too old)"
  exit 1
fi

if [ "$want_test" = windows ]; then
  cd "$(dirname "$0")/.."
  missing_windows && need+=(windows)
else
  missing_build && need+=(build)
fi
[ "$want_test" = test ] && missing_test && need+=(test)
[ ${#need[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else say "need root (or sudo) to install system packages"; exit 1; fi
fi

if command -v apt-get >/dev/null 2>&1; then
  pkgs=(gcc pkg-config libgl1-mesa-dev xorg-dev)
  [ "$want_test" = test ] && pkgs+=(xvfb xdotool imagemagick x11-utils)
  [ "$want_test" = windows ] && pkgs=(wine64 gcc-mingw-w64-x86-64)
  say "installing with apt-get: ${pkgs[*]}"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
elif command -v dnf >/dev/null 2>&1; then
  pkgs=(gcc pkgconf-pkg-config mesa-libGL-devel libX11-devel libXcursor-devel libXrandr-devel libXinerama-devel libXi-devel libXxf86vm-devel)
  [ "$want_test" = test ] && pkgs+=(xorg-x11-server-Xvfb xdotool ImageMagick)
  [ "$want_test" = windows ] && pkgs=(wine mingw64-gcc)
  say "installing with dnf: ${pkgs[*]}"
  $sudo dnf install -y -q "${pkgs[@]}"
else
  say "no apt-get or dnf here: install a C compiler, pkg-config and the OpenGL and X11 development headers (and Xvfb, xdotool, ImageMagick for tests) with your package manager"
  exit 1
fi
