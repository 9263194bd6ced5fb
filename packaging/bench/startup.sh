#!/usr/bin/env bash
# Start-up of the desktop app against a Fyne hello-world (issue 18): time
# until the window is mapped, and RSS once the first screen shows (the
# unlock screen), medians of RUNS runs (default 5), alternating the two.
#   packaging/bench/startup.sh
. "$(dirname "$0")/lib.sh"
runs=${RUNS:-5}
build
xvfb 1280x800
pw='bench startup password'
printf '%s\n' "$pw" | appenv "$work/latchkey" --password-stdin init --kdf-memory 19 --kdf-time 2 --kdf-threads 1 >/dev/null

one() { # $1: binary, $2: window name; prints "ms rss_kib"
  local start end p win
  start=$(date +%s%N)
  appenv exec "$1" >"$work/run.log" 2>&1 &
  p=$!
  win=$(waitwindow "$2" || true)
  end=$(date +%s%N)
  [ -n "$win" ] || { echo "startup: no window for $1" >&2; cat "$work/run.log" >&2; kill $p; return 1; }
  sleep 2 # the first screen settles
  echo "$(( (end - start) / 1000000 )) $(rsskib $p)"
  kill $p; wait $p 2>/dev/null || true
}
: >"$work/lk.txt"; : >"$work/hello.txt"
for _ in $(seq 1 "$runs"); do
  one "$work/latchkey" '^Latchkey' >>"$work/lk.txt"
  one "$work/hello" '^Hello' >>"$work/hello.txt"
done
lk_ms=$(cut -d' ' -f1 "$work/lk.txt" | median); lk_rss=$(cut -d' ' -f2 "$work/lk.txt" | median)
he_ms=$(cut -d' ' -f1 "$work/hello.txt" | median); he_rss=$(cut -d' ' -f2 "$work/hello.txt" | median)
awk -v a="$lk_ms" -v b="$he_ms" -v c="$lk_rss" -v d="$he_rss" -v n="$runs" 'BEGIN {
  printf "time to window   Latchkey %4d ms   Fyne hello %4d ms   ratio %.2f   (median of %d)\n", a, b, a/b, n
  printf "RSS, first screen Latchkey %5.1f MiB Fyne hello %5.1f MiB ratio %.2f\n", c/1024, d/1024, c/d }'
