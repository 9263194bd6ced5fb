#!/usr/bin/env bash
# `make test-windows`: cross-compiles the test binary of every package that
# builds without cgo for GOOS=windows, and runs each under Wine, from its
# package folder, in a fresh WINEPREFIX. Then the CLI journey of latchkey.exe
# (packaging/wine/journey.sh).
#   WINTEST_DIR   work folder (default: a temporary one, removed on success)
#   WINTEST_PKGS  package patterns to test (default ./...)
#   WINTEST_JOBS  test binaries run at once (default 2)
# Tests that cannot run under Wine skip themselves only there
# (internal/winetest), with a reason starting "wine:"; their count is printed.
#   LATCHKEY_EXE  the latchkey.exe the journey runs (default: built here)
#   WINTEST_JOURNEY=0  skips the journey
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
say() { printf 'test-windows: %s\n' "$*" >&2; }
GO=${GO:-go}
tags=$(cat packaging/build-tags)
jobs=${WINTEST_JOBS:-2}
work=${WINTEST_DIR:-}
keep=1
if [ -z "$work" ]; then work=$(mktemp -d /tmp/latchkey-wintest.XXXXXX); keep=0; fi
mkdir -p "$work/bin" "$work/log"
start=$(date +%s)

packaging/deps.sh windows

# Go 1.26's os.RemoveAll deletes with FileDispositionInformationEx, which
# Wine 8.0 does not implement (STATUS_NOT_IMPLEMENTED, "Invalid function");
# Windows 10 1607+ does, and Go falls back to the old call for other
# "unsupported" statuses. The test binaries get that fallback for
# STATUS_NOT_IMPLEMENTED too, through a build overlay: without it every
# t.TempDir clean-up fails under Wine. Nothing shipped is built this way.
goroot=$($GO env GOROOT)
at="$goroot/src/internal/syscall/windows/at_windows.go"
sed 's|^\(\t*\)STATUS_NOT_SUPPORTED: \( *//.*\)$|\1STATUS_NOT_SUPPORTED,\2\n\1NTStatus(0xC0000002): // STATUS_NOT_IMPLEMENTED: Wine 8.0 lacks FileDispositionInformationEx|' \
  "$at" > "$work/at_windows.go"
if ! grep -q 'NTStatus(0xC0000002)' "$work/at_windows.go"; then
  say "cannot add the Wine fallback to $at (Go changed?): update packaging/wine/test-windows.sh"; exit 1
fi
# At a fixed path, so that the build cache serves the next run.
ov="$root/bin/wine-overlay"
mkdir -p "$ov"
cmp -s "$work/at_windows.go" "$ov/at_windows.go" 2>/dev/null || cp "$work/at_windows.go" "$ov/at_windows.go"
printf '{"Replace":{"%s":"%s"}}\n' "$at" "$ov/at_windows.go" > "$ov/overlay.json"

# Packages with tests whose test binary builds without cgo.
mapfile -t pkgs < <(GOOS=windows CGO_ENABLED=0 $GO list -e -tags $tags \
  -f '{{if and (not .Error) (eq (len .DepsErrors) 0) (or .TestGoFiles .XTestGoFiles)}}{{.ImportPath}}{{end}}' \
  ${WINTEST_PKGS:-./...} | sed '/^$/d')
mod=$($GO list -m)
# go test -c -o DIR/ names each binary after its package's last path element:
# packages sharing one (the fakes) go to separate rounds, each its own folder.
declare -A seen=()
rounds=()
bindir() { echo "$work/bin/r$1"; }
for p in "${pkgs[@]}"; do
  b=$(basename "$p"); r=${seen[$b]:-0}; seen[$b]=$((r + 1))
  rounds[$r]="${rounds[$r]:-} $p"
done
say "${#pkgs[@]} packages build without cgo; building their Windows test binaries"
t0=$(date +%s)
for r in "${!rounds[@]}"; do
  mkdir -p "$(bindir "$r")"
  # shellcheck disable=SC2086
  GOOS=windows GOARCH=amd64 CGO_ENABLED=0 nice -n 10 $GO test -c -tags $tags -overlay "$ov/overlay.json" \
    -o "$(bindir "$r")/" ${rounds[$r]}
done
say "built in $(( $(date +%s) - t0 )) s"

# Tests that look for a module's files ask the go command, absent under Wine.
if d=$($GO list -m -f '{{.Dir}}' github.com/aclindsa/ofxgo 2>/dev/null) && [ -n "$d" ]; then
  export LATCHKEY_OFXGO_DIR="Z:$d"
fi

export WINEPREFIX="$work/prefix"
packaging/wine/prefix.sh "$WINEPREFIX"

# One line per package: round, import path.
list="$work/packages.txt"; : > "$list"
for r in "${!rounds[@]}"; do for p in ${rounds[$r]}; do echo "$r $p" >> "$list"; done; done
# The longest first, so that the two runners end together.
slow=" $mod/(app|ui/cli|vault|integrations/allfakes|integrations/importer)$"
{ grep -E "$slow" "$list" || true; grep -vE "$slow" "$list" || true; } > "$list.sorted"
mv "$list.sorted" "$list"

run_one() { # round, import path: runs its test binary from its folder
  local r=$1 pkg=$2 rel bin log
  rel=${pkg#"$mod"}; rel=${rel#/}; [ -n "$rel" ] || rel=.
  bin="$work/bin/r$r/$(basename "$pkg").test.exe"
  log="$work/log/$(echo "$rel" | tr / _).log"
  if [ ! -f "$bin" ]; then echo "ok   no test binary (no tests built?)" > "$log"; echo "ok   $rel (no binary)"; return 0; fi
  local t=$(date +%s) cmd=("$root/packaging/wine/wine.sh" "$bin" -test.v -test.count=1 -test.timeout 14m)
  if [ "$rel" = ui/cli ]; then
    # On a terminal (script(1) gives it one), so that Wine gives the
    # process a console: TestAttachParentConsole needs one.
    cmd=(script -qec "stty cols 250 2>/dev/null; $(printf '%q ' "${cmd[@]}")" /dev/null)
  fi
  local try
  for try in 1 2; do
    if (cd "$root/$rel" && nice -n 10 timeout 900 "${cmd[@]}" < /dev/null 2>&1 | sed 's/\x1b\[[?0-9;]*[a-zA-Z]//g; s/\r$//'; exit "${PIPESTATUS[0]}") > "$log" 2>&1; then
      echo "ok   $rel $(( $(date +%s) - t ))s$([ "$try" = 1 ] || echo ' (second try)')"
      return 0
    fi
    # A test that failed its assertions, or timed out, fails at once. A
    # binary that ended with no test verdict at all (Wine or the Go runtime
    # under Wine gave up) is run once more; its first log is kept and shown.
    if [ "$try" = 2 ] || grep -q -- '^--- FAIL\|^panic: test timed out' "$log"; then break; fi
    mv "$log" "$log.first-try"
    echo "again $rel: ended with no test verdict after $(( $(date +%s) - t ))s; last lines:" >&2
    tail -n 25 "$log.first-try" | sed 's/^/    /' >&2
  done
  echo "FAIL $rel $(( $(date +%s) - t ))s (log: $log)"; return 1
}
export -f run_one
export work root mod
say "running under Wine, $jobs at a time"
t0=$(date +%s)
status=0
xargs -P "$jobs" -L 1 bash -c 'run_one "$@"' _ < "$list" || status=1
say "ran in $(( $(date +%s) - t0 )) s"

skips=$(cat "$work"/log/*.log | grep -c -- '^ *[a-z_0-9]*\.go:[0-9]*: wine: ' || true)
fails=$(grep -l -- '^--- FAIL\|^FAIL\|^panic:\|^fatal error:\|^Exception 0x' "$work"/log/*.log 2>/dev/null || true)
# find, not ls: with no such log ls fails, and pipefail with set -e would end the script here.
retried=$(find "$work/log" -name '*.first-try' | wc -l)
say "run a second time after ending with no test verdict: $retried packages"
say "skipped under Wine: $skips tests"
cat "$work"/log/*.log | grep -- '^ *[a-z_0-9]*\.go:[0-9]*: wine: ' | sed 's/^ */  /' | sort | uniq -c | sed 's/^/  /' >&2 || true
if [ "$status" -ne 0 ] || [ -n "$fails" ]; then
  for f in $fails; do say "failures in $f:"; grep -B2 -A12 -- '^--- FAIL\|^panic:\|^fatal error:\|^Exception 0x' "$f" | head -60 >&2; done
  # A package that failed with none of those lines: its log's end says why.
  for f in "$work"/log/*.log; do
    if ! grep -q -- '^ok\|^PASS$' "$f" && ! echo "$fails" | grep -qxF "$f"; then
      say "no verdict in $f; its last lines:"; tail -n 40 "$f" >&2
    fi
  done
  say "FAILED after $(( $(date +%s) - start )) s; logs in $work"
  exit 1
fi
if [ "${WINTEST_JOURNEY:-1}" = 1 ]; then
  t0=$(date +%s)
  packaging/wine/journey.sh
  say "CLI journey in $(( $(date +%s) - t0 )) s"
fi
"$(dirname "$(packaging/wine/wine.sh --which)")/wineserver" -k 2>/dev/null || true
say "passed in $(( $(date +%s) - start )) s"
[ "$keep" = 1 ] || rm -rf "$work"
