#!/usr/bin/env bash
# Makes a fresh, throwaway Wine prefix that runs Go's Windows binaries.
#   packaging/wine/prefix.sh DIR    creates the prefix in DIR (removed first if present)
# Debian's Wine 8.0 lacks ProcessPrng in bcryptprimitives.dll, which the Go
# runtime loads from system32 at start; processprng.c (built here with
# mingw-w64) supplies it. The prefix is quiet (WINEDEBUG=-all) and shows no
# dialogs (no Mono/Gecko install prompts). Use it with packaging/wine/wine.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
prefix=${1:?usage: prefix.sh DIR}
say() { printf 'wine prefix: %s\n' "$*" >&2; }

wine=$("$here/wine.sh" --which)
command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || { say "x86_64-w64-mingw32-gcc missing: run packaging/deps.sh windows"; exit 1; }

rm -rf "$prefix"
mkdir -p "$prefix"
prefix=$(cd "$prefix" && pwd)
dll=$(mktemp -d)
trap 'rm -rf "$dll"' EXIT
x86_64-w64-mingw32-gcc -shared -O2 -s -o "$dll/bcryptprimitives.dll" "$here/processprng.c" -ladvapi32

export WINEPREFIX="$prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" WINEARCH=win64
"$wine" wineboot -i >/dev/null 2>&1
"$(dirname "$wine")/wineserver" -w 2>/dev/null || wineserver -w 2>/dev/null || true
sys32="$prefix/drive_c/windows/system32"
[ -d "$sys32" ] || { say "wineboot did not create $sys32"; exit 1; }
# Wine's own builtin stub (if any) is replaced by the native DLL.
cp "$dll/bcryptprimitives.dll" "$sys32/bcryptprimitives.dll"
say "ready: WINEPREFIX=$prefix"
