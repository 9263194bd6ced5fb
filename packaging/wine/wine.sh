#!/usr/bin/env bash
# Runs a Windows program under Wine with the settings the tests use:
#   WINEPREFIX=DIR packaging/wine/wine.sh PROGRAM.exe ARGS...
#   packaging/wine/wine.sh --which       prints the Wine loader it would use
# Debian's wine64 package puts its loader in /usr/lib/wine, not on PATH.
set -euo pipefail
wine=""
for c in wine64 wine /usr/lib/wine/wine64 /usr/lib/wine/wine; do
  if command -v "$c" >/dev/null 2>&1; then wine=$(command -v "$c"); break; fi
done
[ -n "$wine" ] || { echo "wine: not installed: run packaging/deps.sh windows" >&2; exit 1; }
if [ "${1:-}" = --which ]; then echo "$wine"; exit 0; fi
: "${WINEPREFIX:?set WINEPREFIX (make one with packaging/wine/prefix.sh DIR)}"
export LATCHKEY_UNDER_WINE=1 WINEDEBUG=${WINEDEBUG:--all} WINEDLLOVERRIDES=${WINEDLLOVERRIDES:-mscoree,mshtml=}
exec "$wine" "$@"
