#!/usr/bin/env bash
# `make test-darwin-cross`: on any machine, catches darwin-only compile errors
# in what builds without cgo: go vet and the test binaries (built, not run) of
# every such package, for darwin/amd64 and darwin/arm64; and the app bundle
# (packaging/darwin/bundle.sh, around a stand-in binary: its Info.plist and
# icon). The desktop app and main need cgo (Fyne) and a Mac to build:
# `make package-darwin` there.
set -euo pipefail
cd "$(dirname "$0")/../.."
GO=${GO:-go}
tags=$(cat packaging/build-tags)
say() { printf 'test-darwin-cross: %s\n' "$*" >&2; }
start=$(date +%s)
out=$(mktemp -d /tmp/latchkey-darwin.XXXXXX)
trap 'rm -rf "$out"' EXIT
for arch in amd64 arm64; do
  export GOOS=darwin GOARCH=$arch CGO_ENABLED=0
  # Fyne needs cgo on macOS (some of its files are cgo-only there): the
  # packages that use it are left out with those that need cgo themselves.
  list=$($GO list -e -tags $tags -f '{{if and (not .Error) (eq (len .DepsErrors) 0)}}{{.ImportPath}} {{if or .TestGoFiles .XTestGoFiles}}T{{else}}-{{end}} {{join .Deps " "}}{{end}}' ./... |
    sed '/^$/d' | grep -v ' fyne\.io/' || true)
  mapfile -t all < <(awk '{print $1}' <<<"$list")
  mapfile -t tested < <(awk '$2 == "T" {print $1}' <<<"$list")
  say "darwin/$arch: vet ${#all[@]} packages"
  nice -n 10 $GO vet -tags $tags "${all[@]}"
  # go test -c -o DIR/ names binaries after the package: same names in rounds.
  declare -A seen=(); rounds=()
  for p in "${tested[@]}"; do
    b=$(basename "$p"); r=${seen[$b]:-0}; seen[$b]=$((r + 1)); rounds[$r]="${rounds[$r]:-} $p"
  done
  say "darwin/$arch: build ${#tested[@]} test binaries"
  for r in "${!rounds[@]}"; do
    mkdir -p "$out/$arch/r$r"
    # shellcheck disable=SC2086
    nice -n 10 $GO test -c -tags $tags -o "$out/$arch/r$r/" ${rounds[$r]}
  done
  unset seen
done
unset GOOS GOARCH CGO_ENABLED
printf '\xcf\xfa\xed\xfe stand-in for the universal binary' > "$out/latchkey"
chmod +x "$out/latchkey"
packaging/darwin/bundle.sh "$out/latchkey" "$out/bundle" "$(packaging/version.sh)"
say "passed in $(( $(date +%s) - start )) s"
