#!/usr/bin/env bash
# Idle CPU and memory of the desktop app at rest (issue 18): the app under
# a private Xvfb, measured from /proc over 30 s (override: SECONDS_IDLE) on
# the unlock screen and on the home screen with demo connections, after
# the screens settled. Prints CPU as % of one core and RSS growth.
#   packaging/bench/idle.sh
. "$(dirname "$0")/lib.sh"
secs=${SECONDS_IDLE:-30}
build
xvfb 1280x800
pw='bench idle password'
# A vault with three demo connections (cheap KDF: this measures rest, not unlock).
printf '%s\n' "$pw" | appenv "$work/latchkey" --password-stdin init --kdf-memory 19 --kdf-time 2 --kdf-threads 1 >/dev/null
for u in user_good user_expiring user_mfa_code; do
  printf '%s\n' "$pw" | appenv "$work/latchkey" --password-stdin connect demo --method credentials \
    --field username=$u --field password=pass_good --field code=123456 >/dev/null 2>&1 || true
done
appenv exec "$work/latchkey" >"$work/app.log" 2>&1 &
app=$!
pids+=($app)
win=$(waitwindow '^Latchkey')
[ -n "$win" ] || { echo "idle: no window" >&2; cat "$work/app.log" >&2; exit 1; }

measure() { # $1: label
  sleep 8 # let the screen settle (a focused entry stops blinking after 5 s)
  local t0 r0 t1 r1 hz
  hz=$(getconf CLK_TCK)
  t0=$(cputicks $app); r0=$(rsskib $app)
  sleep "$secs"
  t1=$(cputicks $app); r1=$(rsskib $app)
  awk -v l="$1" -v dt=$((t1 - t0)) -v hz="$hz" -v s="$secs" -v r0="$r0" -v r1="$r1" \
    'BEGIN {printf "%-14s idle CPU %5.2f %% of a core over %d s   RSS %6.1f MiB → %6.1f MiB (%+.2f MiB/min)\n", l, 100*dt/(hz*s), s, r0/1024, r1/1024, (r1-r0)/1024*60/s}'
}
measure "unlock screen"
# Unlock by the keyboard, as a user would.
xdotool windowactivate --sync "$win" >/dev/null 2>&1 || true
xdotool type --delay 5 "$pw"
xdotool key Return
sleep 4
measure "home screen"
kill $app; wait $app 2>/dev/null || true
# The floor: Fyne's own hello-world at rest, measured the same way.
appenv exec "$work/hello" >/dev/null 2>&1 &
app=$!
pids+=($app)
waitwindow '^Hello' >/dev/null
measure "Fyne hello"
