#!/usr/bin/env bash
# Smoke test of the real binary: start it under a private Xvfb display with a
# fresh config folder and check that the Latchkey window comes up and stays up.
set -euo pipefail
bin=${1:?usage: smoke.sh BINARY}
work=$(mktemp -d)
disp=:$(( 90 + RANDOM % 8 ))
while [ -e "/tmp/.X${disp#:}-lock" ]; do disp=:$(( ${disp#:} + 1 )); done
cleanup() {
  if [ -n "${app:-}" ]; then kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true; fi
  if [ -n "${xvfb:-}" ]; then kill "$xvfb" 2>/dev/null || true; wait "$xvfb" 2>/dev/null || true; fi
  rm -rf "$work" 2>/dev/null || true
}
trap cleanup EXIT

Xvfb "$disp" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb=$!
for _ in $(seq 1 100); do [ -e "/tmp/.X11-unix/X${disp#:}" ] && break; sleep 0.1; done

HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" DISPLAY="$disp" \
  LATCHKEY_VAULT="$work/vault.db" "$bin" >"$work/app.log" 2>&1 &
app=$!

if ! win=$(DISPLAY="$disp" timeout 60 xdotool search --sync --onlyvisible --name '^Latchkey' 2>/dev/null | head -1) || [ -z "$win" ]; then
  echo "smoke: FAIL: no Latchkey window within 60 s" >&2
  cat "$work/app.log" >&2
  exit 1
fi
name=$(DISPLAY="$disp" xdotool getwindowname "$win")
geom=$(DISPLAY="$disp" xdotool getwindowgeometry "$win" | tr '\n' ' ')
# Let the first frames render, then make sure it did not crash on them.
sleep 2
if ! kill -0 "$app" 2>/dev/null; then
  echo "smoke: FAIL: the app exited after opening its window" >&2
  cat "$work/app.log" >&2
  exit 1
fi
mkdir -p bin
DISPLAY="$disp" import -window root bin/smoke.png 2>/dev/null || true
if grep -E 'panic:|goroutine [0-9]+ \[' "$work/app.log" >/dev/null; then
  echo "smoke: FAIL: the app logged a panic" >&2
  cat "$work/app.log" >&2
  exit 1
fi
echo "smoke: ok: window \"$name\" $geom (screenshot bin/smoke.png)"
