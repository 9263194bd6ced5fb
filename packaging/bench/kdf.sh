#!/usr/bin/env bash
# Fresh-process unlock against the reference C Argon2 at equal parameters.
#
#   packaging/bench/kdf.sh [RUNS]        (default 15; env MEMORY_KIB, ITERATIONS, THREADS)
#
# Builds packaging/bench/kdfunlock, creates a vault with Argon2id at the given
# parameters (default 64 MiB, t=3, p=2: issue 18's anchor), then runs, in turn,
# RUNS fresh `kdfunlock unlock` processes (Open + Unlock of that vault) and RUNS
# `argon2` CLI processes (Debian package argon2, installed with apt-get if
# missing) hashing at the same parameters. Prints the medians, their ratio
# (goal: <= 1.2), the page faults during the vault's KDF against
# memory / page size (goal: within 5 %), and the resident set size after the
# unlock (the KDF's memory must be back with the system).
#
# Standard tools only: go, argon2, /usr/bin/time, date, sort, awk, sed.
set -euo pipefail

RUNS=${1:-15}
MEMORY_KIB=${MEMORY_KIB:-65536}
ITERATIONS=${ITERATIONS:-3}
THREADS=${THREADS:-2}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

if ! command -v argon2 >/dev/null; then
	echo "installing the argon2 CLI (apt-get install argon2)" >&2
	if [ "$(id -u)" = 0 ]; then apt-get install -y -qq argon2 >/dev/null; else sudo apt-get install -y -qq argon2 >/dev/null; fi
fi
[ -x /usr/bin/time ] || { echo "kdf.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }

(cd "$ROOT" && go build -o "$WORK/kdfunlock" ./packaging/bench/kdfunlock)
export KDF_BENCH_PASSWORD="kdf bench password"
"$WORK/kdfunlock" create "$WORK/vault.db" "$MEMORY_KIB" "$ITERATIONS" "$THREADS"
SALT=kdfbenchsalt0123

now_us() { echo $(($(date +%s%N) / 1000)); }
median() { sort -n | awk '{a[NR]=$1} END {m=(NR+1)/2; if (NR%2) print a[m]; else print (a[NR/2]+a[NR/2+1])/2}'; }

: >"$WORK/ours.ms"; : >"$WORK/c.ms"; : >"$WORK/ours.flt"; : >"$WORK/c.flt"; : >"$WORK/kdf.flt"; : >"$WORK/rss"
for i in $(seq "$RUNS"); do
	t0=$(now_us)
	/usr/bin/time -f "%R" -o "$WORK/t" "$WORK/kdfunlock" unlock "$WORK/vault.db" >"$WORK/out"
	t1=$(now_us)
	awk -v a="$t0" -v b="$t1" 'BEGIN { print (b - a) / 1000 }' >>"$WORK/ours.ms"
	cat "$WORK/t" >>"$WORK/ours.flt"
	sed -n 's/.*kdf_faults=\([0-9]*\).*/\1/p' "$WORK/out" >>"$WORK/kdf.flt"
	sed -n 's/.*rss_after_kib=\([0-9]*\).*/\1/p' "$WORK/out" >>"$WORK/rss"

	t0=$(now_us)
	printf %s "$KDF_BENCH_PASSWORD" | /usr/bin/time -f "%R" -o "$WORK/t" argon2 "$SALT" -id -t "$ITERATIONS" -k "$MEMORY_KIB" -p "$THREADS" -l 32 -r >/dev/null
	t1=$(now_us)
	awk -v a="$t0" -v b="$t1" 'BEGIN { print (b - a) / 1000 }' >>"$WORK/c.ms"
	cat "$WORK/t" >>"$WORK/c.flt"
done

ours=$(median <"$WORK/ours.ms"); c=$(median <"$WORK/c.ms")
pages=$((MEMORY_KIB * 1024 / $(getconf PAGESIZE)))
kdf_flt=$(median <"$WORK/kdf.flt")
echo "Argon2id ${MEMORY_KIB} KiB, t=${ITERATIONS}, p=${THREADS}; medians of ${RUNS} fresh processes each, run in turn"
printf 'latchkey unlock (Open + Unlock): %8.1f ms   %6d page faults (process)\n' "$ours" "$(median <"$WORK/ours.flt")"
printf 'argon2 CLI (C reference):        %8.1f ms   %6d page faults (process)\n' "$c" "$(median <"$WORK/c.flt")"
awk -v a="$ours" -v b="$c" 'BEGIN { printf "ratio latchkey / C: %.2f (goal <= 1.20)\n", a / b }'
awk -v f="$kdf_flt" -v p="$pages" 'BEGIN { printf "page faults during the KDF: %d for %d pages of memory: %+.1f %% (goal within 5 %%)\n", f, p, (f - p) * 100 / p }'
echo "resident set after unlock: $(median <"$WORK/rss") KiB (the KDF's $((MEMORY_KIB / 1024)) MiB returned to the system)"
