#!/usr/bin/env bash
# The CLI journey of the real latchkey.exe under Wine (run by
# packaging/wine/test-windows.sh, in its prefix):
#   WINEPREFIX=DIR [LATCHKEY_EXE=dist/windows/latchkey.exe] packaging/wine/journey.sh
# init, vault info, connect the demo brokerage by credentials + MFA code,
# sync, positions --json, demo revoke -> sync exits 6 -> reconnect -> active;
# a second process exits 4 (the vault is in use: Windows file locking) within
# 3 s of Wine's own start-up time. The vault lands in %AppData%\Latchkey.
# Without LATCHKEY_EXE, latchkey.exe is built as package-windows.sh builds
# it (mingw-w64, -H=windowsgui), without the icon resource.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${WINEPREFIX:?set WINEPREFIX (packaging/wine/prefix.sh makes one)}"
say() { printf 'journey: %s\n' "$*" >&2; }
fail() { say "FAIL: $*"; exit 1; }
GO=${GO:-go}
work=$(mktemp -d /tmp/latchkey-journey.XXXXXX)
holder=""
cleanup() {
  [ -z "$holder" ] || kill "$holder" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

exe=${LATCHKEY_EXE:-}
if [ -z "$exe" ]; then
  t0=$(date +%s)
  say "building latchkey.exe (cgo, mingw-w64)"
  CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc nice -n 10 $GO build -tags "$(cat packaging/build-tags)" -trimpath \
    -ldflags "-H=windowsgui -X main.version=$(packaging/version.sh)" -o "$work/latchkey.exe" .
  exe="$work/latchkey.exe"
  say "built in $(( $(date +%s) - t0 )) s"
fi
[ -f "$exe" ] || fail "no $exe"

lk() { packaging/wine/wine.sh "$exe" "$@"; }
pw='journey: a long master password'
out="$work/out" err="$work/err"
# run EXPECTED-EXIT STDIN ARGS...: runs latchkey.exe, checks its exit code.
run() {
  local want=$1 input=$2 code=0; shift 2
  printf '%s' "$input" | lk "$@" > "$out" 2> "$err" || code=$?
  if [ "$code" != "$want" ]; then
    say "latchkey $*: exit $code, want $want"; sed 's/^/  stdout: /' "$out" >&2; sed 's/^/  stderr: /' "$err" >&2
    exit 1
  fi
}
ms() { date +%s%3N; }

appdata="$WINEPREFIX/drive_c/users/$(id -un)/AppData/Roaming"
vaultfile="$appdata/Latchkey/vault.db"
[ ! -e "$vaultfile" ] || fail "a vault is already at $vaultfile"

run 0 "" --version
grep -q . "$out" || fail "--version printed nothing (console output of the -H=windowsgui binary)"
say "latchkey.exe --version: $(cat "$out")"

run 0 "$pw"$'\n' --password-stdin --json init --kdf-memory 19 --kdf-time 2 --kdf-threads 1
grep -q '"recovery_key"' "$out" || fail "init printed no recovery key"
[ -f "$vaultfile" ] || fail "the vault is not at %AppData%\\Latchkey\\vault.db ($vaultfile)"
say "init: the vault is at %AppData%\\Latchkey\\vault.db"

run 0 "" vault info --json
grep -q '"kdf"\|"argon2' "$out" || fail "vault info: $(cat "$out")"

run 0 "$pw"$'\n123456\n' --password-stdin --json connect demo --method credentials \
  --field username=user_mfa_code --field password=pass_good
id=$(grep -o '"id": *"[^"]*"' "$out" | head -1 | sed 's/.*"\([^"]*\)"$/\1/')
[ -n "$id" ] || fail "connect printed no connection id: $(head -c 400 "$out")"
say "connected the demo brokerage by credentials and MFA code: $id"

run 0 "$pw"$'\n' --password-stdin sync
run 0 "$pw"$'\n' --password-stdin --json positions
grep -q '"symbol"' "$out" || fail "positions --json holds no position: $(head -c 400 "$out")"
say "sync, positions --json: $(grep -o '"symbol"' "$out" | wc -l) positions"

run 0 "$pw"$'\n' --password-stdin demo revoke "$id"
run 6 "$pw"$'\n' --password-stdin sync
say "demo revoke: sync exits 6 (repair needed)"
run 0 "$pw"$'\n123456\n' --password-stdin reconnect "$id" --field username=user_mfa_code --field password=pass_good
run 0 "$pw"$'\n' --password-stdin --json connections
grep -q '"status": *"active"' "$out" || fail "after reconnect: $(head -c 400 "$out")"
run 0 "$pw"$'\n' --password-stdin sync
say "reconnect: the connection is active and syncs"

# A process holding the vault: reconnect, waiting on stdin for its MFA code.
mkfifo "$work/stdin"
lk --password-stdin reconnect "$id" --field username=user_mfa_code \
  --field password=pass_good < "$work/stdin" > "$work/holder.out" 2> "$work/holder.err" &
holder=$!
exec 9> "$work/stdin"
printf '%s\n' "$pw" >&9
for _ in $(seq 1 600); do # until it asks for the code (it has the vault open)
  grep -qi 'code' "$work/holder.err" 2>/dev/null && break
  kill -0 "$holder" 2>/dev/null || fail "the holder ended: $(cat "$work/holder.err")"
  sleep 0.1
done
grep -qi 'code' "$work/holder.err" || fail "the holder never asked for its code: $(cat "$work/holder.err")"
t=$(ms); run 0 "" --version; startup=$(( $(ms) - t )) # Wine's start-up now, for comparison
t=$(ms); run 4 "$pw"$'\n' --password-stdin connections; took=$(( $(ms) - t ))
say "a second process exits 4 (vault in use) after $took ms (Wine starts a process in $startup ms)"
[ $(( took - startup )) -le 3000 ] || fail "exit 4 came $took ms after the start, more than 3 s past Wine's start-up ($startup ms)"
printf '123456\n' >&9
exec 9>&-
wait "$holder" || fail "the holder's connect failed: $(cat "$work/holder.err")"
holder=""
run 0 "$pw"$'\n' --password-stdin --json connections
grep -q '"status": *"active"' "$out" || fail "after the second reconnect: $(head -c 600 "$out")"
run 0 "$pw"$'\n' --password-stdin vault check
say "passed"
