#!/usr/bin/env bash
# Prints the version to build: the tag at HEAD (v1.2.3 → 1.2.3) for a release
# build, otherwise FyneApp.toml's Version.
set -euo pipefail
cd "$(dirname "$0")/.."
if tag=$(git describe --tags --exact-match --match 'v[0-9]*' 2>/dev/null); then
  echo "${tag#v}"
else
  sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml
fi
