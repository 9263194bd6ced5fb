#!/usr/bin/env bash
# The Windows installer under Wine:
#   packaging/wine/msi.sh [latchkey-VERSION-windows-amd64.msi]
#     (default: the one make package-windows left in dist/ for this version)
# In a fresh Wine prefix, as the user (no administrator rights):
#   1. an older MSI of the same product (same UpgradeCode, version 0.0.1,
#      built here by wixl from the same latchkey.exe) installs silently;
#   2. the given MSI upgrades it in place: one product left, at VERSION;
#   3. installing the older MSI again is refused (a downgrade: 1603) and
#      VERSION stays;
#   4. the binary is at %LocalAppData%\Programs\Latchkey\latchkey.exe and
#      prints VERSION, the Start-menu shortcut at
#      %AppData%\Microsoft\Windows\Start Menu\Programs\Latchkey.lnk;
#   5. uninstalling removes the binary, the shortcut, the product and
#      HKCU\Software\Latchkey.
# What Wine cannot show: Windows keeps a per-user product's Uninstall entry
# under HKCU, Wine under HKLM (so both are read); no installer UI, code
# signing or SmartScreen; the shortcut's icon is not drawn.
set -euo pipefail
cd "$(dirname "$0")/../.."
say() { printf 'msi: %s\n' "$*" >&2; }
fail() { say "FAIL: $*"; exit 1; }
VERSION=$(packaging/version.sh)
msi=${1:-dist/latchkey-$VERSION-windows-amd64.msi}
[ -f "$msi" ] || fail "no $msi (make package-windows builds it)"
[ -f dist/windows/latchkey.exe ] || fail "no dist/windows/latchkey.exe (make package-windows builds it)"
command -v wixl >/dev/null 2>&1 || { say "wixl missing: run packaging/tools.sh (make package-tools)"; exit 1; }
packaging/deps.sh windows

work=$(mktemp -d /tmp/latchkey-msi.XXXXXX)
wineserver="$(dirname "$(packaging/wine/wine.sh --which)")/wineserver"
export WINEPREFIX="$work/prefix"
trap 'WINEPREFIX="$WINEPREFIX" "$wineserver" -k 2>/dev/null || true; rm -rf "$work"' EXIT
packaging/wine/prefix.sh "$WINEPREFIX"

old="$work/latchkey-0.0.1.msi"
wixl --arch x64 -D Version=0.0.1 -D Exe=dist/windows/latchkey.exe -o "$old" packaging/windows/latchkey.wxs

w() { packaging/wine/wine.sh "$@"; }
# msiexec ARGS...: its exit code, once Wine has finished with the install.
msiexec() {
  local code=0
  w msiexec "$@" > "$work/msiexec.log" 2>&1 || code=$?
  "$wineserver" -w 2>/dev/null || true
  echo "$code"
}
user="$WINEPREFIX/drive_c/users/$(id -un)"
exe="$user/AppData/Local/Programs/Latchkey/latchkey.exe"
lnk="$user/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Latchkey.lnk"
# The DisplayVersion of every installed product named Latchkey, one a line.
versions() {
  local k
  for k in 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall' 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall'; do
    w reg query "$k" /s 2>/dev/null | tr -d '\r' | awk '
      /^HKEY_/ { name = ""; ver = "" }
      $1 == "DisplayName" { name = $3 }
      $1 == "DisplayVersion" { ver = $3 }
      name == "Latchkey" && ver != "" { print ver; name = "" }'
  done
}
one() { # one WANT: exactly one Latchkey product is installed, at WANT
  local got; got=$(versions | sort | tr '\n' ' ')
  [ "$got" = "$1 " ] || fail "installed Latchkey products: '${got% }', want exactly '$1'"
}
hkcu() { w reg query 'HKCU\Software\Latchkey' > /dev/null 2>&1; }

c=$(msiexec /i "$(w winepath -w "$old" 2>/dev/null | tr -d '\r')" /qn)
[ "$c" = 0 ] || fail "installing 0.0.1: msiexec exit $c: $(tr -d '\r' < "$work/msiexec.log" | tail -3)"
[ -f "$exe" ] || fail "0.0.1 did not put latchkey.exe at %LocalAppData%\\Programs\\Latchkey"
[ -f "$lnk" ] || fail "0.0.1 did not put the Start-menu shortcut at $lnk"
one 0.0.1
say "0.0.1 installed: %LocalAppData%\\Programs\\Latchkey\\latchkey.exe and the Start-menu shortcut"

c=$(msiexec /i "$(w winepath -w "$msi" 2>/dev/null | tr -d '\r')" /qn)
[ "$c" = 0 ] || fail "upgrading to $VERSION: msiexec exit $c: $(tr -d '\r' < "$work/msiexec.log" | tail -3)"
one "$VERSION"
got=$(w "$exe" --version 2>/dev/null | tr -d '\r')
case "$got" in *"$VERSION"*) ;; *) fail "the installed latchkey.exe --version prints '$got', want $VERSION" ;; esac
[ -f "$lnk" ] || fail "the Start-menu shortcut is gone after the upgrade"
hkcu || fail "HKCU\\Software\\Latchkey is missing after the upgrade"
say "upgraded in place to $VERSION: one product, latchkey.exe --version: $got"

c=$(msiexec /i "$(w winepath -w "$old" 2>/dev/null | tr -d '\r')" /qn)
# ERROR_INSTALL_FAILURE, 1603, reaches a Linux shell as its low byte, 67.
[ "$c" = $((1603 % 256)) ] || fail "installing 0.0.1 over $VERSION: msiexec exit $c, want 1603 (downgrade refused), seen as $((1603 % 256))"
one "$VERSION"
say "the older MSI is refused (1603); $VERSION stays"

c=$(msiexec /x "$(w winepath -w "$msi" 2>/dev/null | tr -d '\r')" /qn)
[ "$c" = 0 ] || fail "uninstalling: msiexec exit $c"
[ ! -e "$exe" ] || fail "latchkey.exe is left after uninstalling"
[ ! -e "$lnk" ] || fail "the Start-menu shortcut is left after uninstalling"
[ -z "$(versions)" ] || fail "a Latchkey product is still registered after uninstalling: $(versions | tr '\n' ' ')"
! hkcu || fail "HKCU\\Software\\Latchkey is left after uninstalling"
say "ok: install, upgrade, downgrade refused, uninstall clean"
