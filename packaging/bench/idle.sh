#!/usr/bin/env bash
# Idle CPU and memory of the desktop app at rest (issue 18): the app under
# a private Xvfb (:95, see lib.sh), measured from /proc over 30 s
# (override: SECONDS_IDLE) on each screen a user leaves open: the unlock
# screen, the home screen with demo connections, the home screen after a
# refresh (progress bars done), settings, and the connect dialog (a
# focused search field), after each settled; then Fyne's hello-world the
# same way as the floor. Prints CPU as % of one core and RSS growth, and
# the worst screen against the goal (<= 1 % of a core, no RSS growth).
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

: >"$work/idle.txt"
measure() { # $1: label
  sleep 8 # let the screen settle (a focused entry stops blinking after 5 s)
  local t0 r0 t1 r1 hz
  hz=$(getconf CLK_TCK)
  t0=$(cputicks $app); r0=$(rsskib $app)
  sleep "$secs"
  t1=$(cputicks $app); r1=$(rsskib $app)
  awk -v l="$1" -v dt=$((t1 - t0)) -v hz="$hz" -v s="$secs" -v r0="$r0" -v r1="$r1" \
    'BEGIN {printf "%-16s idle CPU %5.2f %% of a core over %d s   RSS %6.1f MiB → %6.1f MiB (%+.2f MiB/min)\n", l, 100*dt/(hz*s), s, r0/1024, r1/1024, (r1-r0)/1024*60/s}' | tee -a "$work/idle.txt"
}
measure "unlock screen"
# Unlock by the keyboard, as a user would.
xdotool windowactivate --sync "$win" >/dev/null 2>&1 || true
xdotool type --delay 5 "$pw"
xdotool key Return
sleep 4
measure "home screen"
xdotool key ctrl+r # refresh all: progress bars come and go
sleep 10
measure "after refresh"
xdotool key ctrl+comma
sleep 2
measure "settings"
xdotool key Escape
sleep 1
xdotool key ctrl+n
sleep 2
measure "connect dialog"
kill $app; wait $app 2>/dev/null || true
# The floor: Fyne's own hello-world at rest, measured the same way.
appenv exec "$work/hello" >/dev/null 2>&1 &
app=$!
pids+=($app)
waitwindow '^Hello' >/dev/null
measure "Fyne hello"
# The goal: the worst of Latchkey's screens, against 1 % of a core and
# against Fyne's own floor (its event loop polls 60 times a second).
awk '
  { cpu = $0; sub(/.*idle CPU */, "", cpu); sub(/ .*/, "", cpu)
    gr = $0; sub(/.*\(/, "", gr); sub(/ MiB\/min.*/, "", gr)
    if ($0 ~ /^Fyne hello/) { floor = cpu + 0; next }
    if (cpu + 0 > worst) { worst = cpu + 0; at = substr($0, 1, 16); sub(/ +$/, "", at) }
    if (gr + 0 > grow) grow = gr + 0 }
  END {
    printf "ratio idle CPU (worst screen: %s) / 1 %% of a core: %.2f (goal <= 1.00); largest RSS growth %+.2f MiB/min (goal: none)\n", at, worst / 1, grow
    if (floor > 0) printf "ratio idle CPU (worst screen) / Fyne hello at rest: %.2f\n", worst / floor }' "$work/idle.txt"
