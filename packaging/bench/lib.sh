# Shared helpers of the benchmark scripts: a private Xvfb display, process
# figures from /proc. Source it; it sets $work and cleans up on exit.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]:-}"; do [ -n "$p" ] && wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# build puts the app in $work/latchkey and the Fyne hello-world in $work/hello.
# BENCH_TAGS replaces the app's build tags (default: packaging/build-tags, as shipped), to
# try a build option against the same anchors; the hello-world is always
# built as Fyne ships by default.
build() {
  (cd "$root" && go build -tags "${BENCH_TAGS:-$(cat "$root/packaging/build-tags")}" -trimpath -o "$work/latchkey.new" . && go build -tags migrated_fynedo -trimpath -o "$work/hello.new" ./packaging/bench/hello)
  # Renamed into place: a file just written can still be held open for
  # writing by a forked child for a moment ("text file busy").
  mv "$work/latchkey.new" "$work/latchkey"
  mv "$work/hello.new" "$work/hello"
  sync
}

# xvfb starts a private display of the given size (default 1280x800) and
# exports DISPLAY: :95, or BENCH_DISPLAY (:99 is left to make run and the
# smoke test). It refuses a display already in use rather than measure
# beside another program.
xvfb() {
  local d=${BENCH_DISPLAY:-:95}
  if [ -e "/tmp/.X${d#:}-lock" ]; then
    echo "bench: display $d is in use (another Xvfb?); set BENCH_DISPLAY to a free one" >&2
    exit 1
  fi
  Xvfb "$d" -screen 0 "${1:-1280x800}x24" -nolisten tcp >"$work/xvfb.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do [ -e "/tmp/.X11-unix/X${d#:}" ] && break; sleep 0.05; done
  export DISPLAY=$d
}

# appenv runs a command with a fresh home, config and vault.
appenv() {
  HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" LATCHKEY_VAULT="$work/vault.db" LANG=en_US.UTF-8 "$@"
}

# cputicks is a process's user+system CPU time in clock ticks.
cputicks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# rsskib is a process's resident memory in KiB.
rsskib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

# waitwindow waits (polling every 10 ms, at most 60 s) for a visible window
# named like $1 and prints its id.
waitwindow() {
  local w i
  for i in $(seq 1 6000); do
    w=$(xdotool search --onlyvisible --name "$1" 2>/dev/null | head -1 || true)
    [ -n "$w" ] && { echo "$w"; return 0; }
    sleep 0.01
  done
  return 1
}

# median of the numbers on stdin.
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
