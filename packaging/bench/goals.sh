#!/usr/bin/env bash
# Issue 18's goals from one run, each as a ratio to its anchor or limit
# (a ratio <= 1.00 of "ratio / limit" meets the goal).
#
#   packaging/bench/goals.sh [GO_BENCH_OUTPUT]
#
# GO_BENCH_OUTPUT is a file of `go test -bench` output that holds
# BenchmarkRefresh30 and BenchmarkSync100kActivities (make bench passes its
# own run's); without it those two benchmarks are run here. Then kdf.sh,
# startup.sh and idle.sh run (each prints its own figures first), and the
# summary follows. Standard tools only: go, bash, awk, Xvfb, xdotool,
# argon2, /usr/bin/time (and KeePassXC when installed).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

if [ $# -ge 1 ] && [ -s "$1" ]; then
  cp "$1" "$out/go.txt"
else
  (cd "$root" && go test -tags "$(cat packaging/build-tags)" -run '^$' -bench 'Refresh30|Sync100kActivities' -benchtime 3x -benchmem ./app/) | tee "$out/go.txt"
fi
echo
echo "== unlock (Argon2id) against the C reference"
bash "$here/kdf.sh" "${KDF_RUNS:-9}" | tee "$out/kdf.txt"
echo
echo "== start-up"
bash "$here/startup.sh" | tee "$out/startup.txt"
echo
echo "== idle"
bash "$here/idle.sh" | tee "$out/idle.txt"

# metric FILE BENCHMARK UNIT: the value before UNIT on the benchmark's line.
metric() {
  awk -v b="$2" -v u="$3" '$1 ~ "^"b"(-[0-9]+)?$" { for (i = 2; i <= NF; i++) if ($i == u) v = $(i-1) } END { print v }' "$1"
}
# ratioline FILE WORDS: the number after "ratio ... WORDS...: " on a line.
ratioline() {
  grep -m1 "^ratio $2" "$1" | sed 's/^[^:]*: *\([-0-9.]*\).*/\1/'
}

refresh=$(metric "$out/go.txt" BenchmarkRefresh30 ratio)
sync_ns=$(metric "$out/go.txt" BenchmarkSync100kActivities ns/op)
sync_cpu=$(metric "$out/go.txt" BenchmarkSync100kActivities cpu-s/op)
sync_heap=$(metric "$out/go.txt" BenchmarkSync100kActivities peak-heap-MiB)
kdf=$(ratioline "$out/kdf.txt" "latchkey / C")
faults=$(grep -m1 '^page faults during the KDF' "$out/kdf.txt" | sed 's/.*: \([-+0-9.]*\) %.*/\1/')
rss_unlock=$(grep -m1 '^resident set after unlock' "$out/kdf.txt" | sed 's/[^0-9]*\([0-9]*\) KiB.*/\1/')
window=$(ratioline "$out/startup.txt" "time to window")
rss=$(ratioline "$out/startup.txt" "RSS at the unlock screen")
idle=$(grep -m1 '^ratio idle CPU' "$out/idle.txt" | sed 's/.*core: \([0-9.]*\).*/\1/')
growth=$(grep -m1 '^ratio idle CPU' "$out/idle.txt" | sed 's/.*growth \([-+0-9.]*\) MiB.*/\1/')

echo
echo "== issue 18: each goal from this run (ratio / limit <= 1.00 meets it)"
awk -v refresh="$refresh" -v sync_ns="$sync_ns" -v sync_cpu="$sync_cpu" -v heap="$sync_heap" \
  -v kdf="$kdf" -v faults="$faults" -v rssu="$rss_unlock" -v window="$window" -v rss="$rss" \
  -v idle="$idle" -v growth="$growth" 'BEGIN {
  row("unlock: fresh process / C argon2 (64 MiB, t=3, p=2)", kdf, "", 1.20)
  row("KDF page faults vs memory / page size (%, absolute)", faults < 0 ? -faults : faults, "", 5)
  printf "%-58s %8s KiB resident after unlock (64 MiB KDF returned)\n", "unlock: memory after", rssu
  row("refresh 30 connections / slowest single one", refresh, "", 1.25)
  row("sync 100,000 activities: seconds (wall)", sync_ns / 1e9, sprintf("cpu %.3f s", sync_cpu), 0.25)
  row("sync 100,000 activities: peak heap MiB", heap, "", 80)
  row("time to window / KeePassXC", window, "", 1.00)
  row("RSS at the unlock screen / Fyne hello", rss, "", 1.15)
  row("idle CPU, worst screen (% of a core)", idle, sprintf("RSS %+.2f MiB/min", growth), 1.00)
}
function row(what, v, note, limit) {
  if (v == "") { printf "%-58s %8s\n", what, "missing"; return }
  printf "%-58s %8.3f  limit %6.2f  ratio/limit %5.2f  %s  %s\n", what, v, limit, v / limit, (v <= limit ? "met" : "NOT met"), note
}'
