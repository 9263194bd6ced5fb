#!/usr/bin/env bash
# The desktop window of the real latchkey.exe under Wine and Xvfb:
#   packaging/wine/window.sh [latchkey.exe]   (default: built as journey.sh builds it)
# Starts Xvfb on a free display (from :97 up), makes a fresh Wine prefix,
# starts latchkey.exe with no command (the desktop app), waits for its
# "Latchkey" window and for Fyne to draw in it through Wine's OpenGL (a
# window of one flat colour is not drawn), checks the app is still running,
# and saves a screenshot of the screen to bin/wine-window.png.
#   WINDOW_SHOT   where the screenshot goes (default bin/wine-window.png)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
say() { printf 'wine window: %s\n' "$*" >&2; }
fail() { say "FAIL: $*"; [ -z "${work:-}" ] || { sed 's/^/  app: /' "$work/app.log" >&2 || true; }; exit 1; }
GO=${GO:-go}
shot=${WINDOW_SHOT:-bin/wine-window.png}
for c in Xvfb xdotool import; do command -v "$c" >/dev/null 2>&1 || { say "$c missing: run packaging/deps.sh test"; exit 1; }; done
packaging/deps.sh windows

work=$(mktemp -d /tmp/latchkey-winwindow.XXXXXX)
app="" xvfb=""
wineserver="$(dirname "$(packaging/wine/wine.sh --which)")/wineserver"
cleanup() {
  [ -z "$app" ] || kill "$app" 2>/dev/null || true
  WINEPREFIX="$work/prefix" "$wineserver" -k 2>/dev/null || true
  [ -z "$xvfb" ] || { kill "$xvfb" 2>/dev/null || true; wait "$xvfb" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT

exe=${1:-${LATCHKEY_EXE:-}}
if [ -z "$exe" ]; then
  say "building latchkey.exe (cgo, mingw-w64)"
  CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc nice -n 10 $GO build -tags "$(cat packaging/build-tags)" -trimpath \
    -ldflags "-H=windowsgui -X main.version=$(packaging/version.sh)" -o "$work/latchkey.exe" .
  exe="$work/latchkey.exe"
fi
[ -f "$exe" ] || fail "no $exe"

n=97
while [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ]; do n=$((n + 1)); done
export DISPLAY=:$n
Xvfb "$DISPLAY" -screen 0 1280x800x24 +extension GLX -nolisten tcp > "$work/xvfb.log" 2>&1 &
xvfb=$!
for _ in $(seq 1 100); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done
[ -e "/tmp/.X11-unix/X$n" ] || fail "Xvfb did not start on $DISPLAY: $(cat "$work/xvfb.log")"

export WINEPREFIX="$work/prefix"
packaging/wine/prefix.sh "$WINEPREFIX"
t0=$(date +%s)
# Wine's errors (an OpenGL pixel format it cannot give, say) go to app.log.
WINEDEBUG=err+all,fixme-all packaging/wine/wine.sh "$exe" > "$work/app.log" 2>&1 &
app=$!

win=$(timeout 120 xdotool search --sync --onlyvisible --name '^Latchkey$' 2>/dev/null | head -1) || true
[ -n "$win" ] || fail "no Latchkey window on $DISPLAY within 120 s"
say "window \"$(xdotool getwindowname "$win")\" $(xdotool getwindowgeometry "$win" | sed -n 's/ *Geometry: //p') after $(( $(date +%s) - t0 )) s"
# Until Fyne has drawn: text and widgets give the window many colours, an
# undrawn (or black, failed GL) one has one or two.
colours=0
for _ in $(seq 1 120); do
  kill -0 "$app" 2>/dev/null || fail "latchkey.exe ended after opening its window"
  colours=$(import -window "$win" png:- 2>/dev/null | identify -format '%k' - 2>/dev/null || echo 0)
  [ "${colours:-0}" -ge 50 ] && break
  sleep 0.5
done
[ "${colours:-0}" -ge 50 ] || fail "the window was never drawn (it has $colours colours)"
mkdir -p "$(dirname "$shot")"
import -window root "$shot"
kill -0 "$app" 2>/dev/null || fail "latchkey.exe ended after drawing its window"
! grep -E 'panic:|goroutine [0-9]+ \[' "$work/app.log" >/dev/null || fail "latchkey.exe logged a panic"
say "ok: drawn with $colours colours after $(( $(date +%s) - t0 )) s (screenshot $root/$shot)"
