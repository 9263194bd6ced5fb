#!/usr/bin/env bash
# Checks the packages in dist/ the way a user would get them:
#  - the .deb unpacks (dpkg -x) into a scratch root with usr/bin/latchkey, its
#    desktop entry, its AppStream metainfo and its icons; the unpacked binary
#    prints its version;
#  - the .rpm lists the same files; the .tar.xz holds the binary and its
#    desktop entry;
#  - the MSI lists latchkey.exe, the Start-menu shortcut and the upgrade code;
#  - SHA256SUMS verifies every artifact.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=$(packaging/version.sh)
fail() { echo "test-package: FAIL: $*" >&2; exit 1; }
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

deb=$(ls dist/latchkey_"$VERSION"_*.deb)
dpkg -x "$deb" "$root"
for f in usr/bin/latchkey usr/share/applications/app.latchkey.desktop.desktop \
         usr/share/metainfo/app.latchkey.desktop.metainfo.xml \
         usr/share/icons/hicolor/48x48/apps/app.latchkey.desktop.png \
         usr/share/icons/hicolor/256x256/apps/app.latchkey.desktop.png; do
  [ -e "$root/$f" ] || fail ".deb lacks $f"
done
grep -q '^Exec=latchkey' "$root/usr/share/applications/app.latchkey.desktop.desktop" || fail "desktop entry has no Exec=latchkey"
got=$("$root/usr/bin/latchkey" --version 2>/dev/null)
[ "$got" = "latchkey $VERSION" ] || fail "installed binary says '$got', want 'latchkey $VERSION'"
grep -q libgl1 <<<"$(dpkg-deb -f "$deb" Depends)" || fail ".deb does not declare its GL dependency"
appstreamcli validate --no-net "$root/usr/share/metainfo/app.latchkey.desktop.metainfo.xml" >/dev/null || fail "metainfo does not validate"
echo "test-package: .deb ok ($got; $(dpkg-deb -f "$deb" Depends))"

rpm=$(ls dist/latchkey-"$VERSION"-*.rpm)
if command -v rpm >/dev/null 2>&1; then
  files=$(rpm -qlp "$rpm" 2>/dev/null); requires=$(rpm -qp --requires "$rpm" 2>/dev/null)
  grep -qx /usr/bin/latchkey <<<"$files" || fail ".rpm lacks /usr/bin/latchkey"
  grep -q mesa-libGL <<<"$requires" || fail ".rpm does not declare mesa-libGL"
  echo "test-package: .rpm ok"
fi

tarball=$(ls dist/latchkey-"$VERSION"-linux-*.tar.xz)
listing=$(tar -tJf "$tarball")
grep -q 'usr/local/bin/latchkey$' <<<"$listing" || fail ".tar.xz lacks the binary"
grep -q '\.desktop$' <<<"$listing" || fail ".tar.xz lacks the desktop entry"
grep -q '/Makefile$' <<<"$listing" || fail ".tar.xz lacks its Makefile"
echo "test-package: .tar.xz ok"

msi=$(ls dist/latchkey-"$VERSION"-windows-*.msi)
mfiles=$(msiinfo export "$msi" File); mshort=$(msiinfo export "$msi" Shortcut)
mprops=$(msiinfo export "$msi" Property); mupg=$(msiinfo export "$msi" Upgrade)
grep -q 'latchkey.exe' <<<"$mfiles" || fail "MSI lacks latchkey.exe"
grep -q 'ProgramMenuFolder' <<<"$mshort" || fail "MSI lacks the Start-menu shortcut"
grep -q '^UpgradeCode	{7A4E2C1B-3F5D-4E8A-9B6C-0D1E2F3A4B5C}' <<<"$mprops" || fail "MSI lacks the upgrade code"
grep -q "^ProductVersion	$VERSION" <<<"$mprops" || fail "MSI has the wrong version"
grep -q 'WIX_UPGRADE_DETECTED' <<<"$mupg" || fail "MSI does not replace older versions"
echo "test-package: .msi ok (file, Start-menu shortcut, upgrade code)"

( cd dist && sha256sum -c SHA256SUMS >/dev/null ) || fail "SHA256SUMS does not verify"
echo "test-package: SHA256SUMS ok"
