# Latchkey — see README.md. `make run` and `make test` work on a fresh machine.
GO       ?= go
TAGS     := $(shell cat packaging/build-tags)
VERSION  := $(shell sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
LDFLAGS  := -X main.version=$(VERSION)
BIN      := bin/latchkey
PKGS     := ./...
export CGO_ENABLED := 1

.PHONY: all deps test-deps build run test test-go smoke bench lint fmt clean \
	package-tools package-linux package-windows package-darwin sums test-package \
	test-windows test-windows-window test-windows-msi test-darwin-cross

all: build

deps:
	@packaging/deps.sh

test-deps:
	@packaging/deps.sh test

build: deps
	$(GO) build -tags $(TAGS) -trimpath -ldflags "$(LDFLAGS)" -o $(BIN) .

## run: build and start the desktop app on the built-in demo brokerage.
## With no display (a headless Linux box), it starts Xvfb on :99 and says so.
run: build
	@packaging/with-display.sh ./$(BIN)

## test: everything CI checks — lint, the Go tests, and the real window under Xvfb.
test: test-deps lint test-go smoke

test-go:
	$(GO) test -tags $(TAGS) -count=1 -timeout 20m $(PKGS)

smoke: build
	@packaging/smoke.sh ./$(BIN)

## bench: every Go benchmark, then issue 18's goals (unlock, start-up, idle
## under Xvfb on :95) each printed as a ratio from this one run.
bench: SHELL := /bin/bash
bench: deps test-deps
	@mkdir -p bin
	set -o pipefail; $(GO) test -tags $(TAGS) -run '^$$' -bench . -benchmem -timeout 30m $(PKGS) | tee bin/bench.txt
	@packaging/bench/goals.sh bin/bench.txt

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet -tags $(TAGS) $(PKGS)

## test-windows: the Windows test binaries of every package that builds without
## cgo, run under Wine in a fresh prefix, then the CLI journey of latchkey.exe
## (packaging/wine/test-windows.sh; installs Wine and mingw-w64 if missing).
test-windows:
	@packaging/wine/test-windows.sh

## test-windows-window: the desktop window of latchkey.exe under Wine and Xvfb
## (drawn through Wine's OpenGL; screenshot in bin/wine-window.png).
test-windows-window:
	@packaging/wine/window.sh

## test-windows-msi: the MSI under Wine: install, upgrade in place, downgrade
## refused, uninstall clean (packaging/wine/msi.sh; builds the MSI first).
test-windows-msi: package-windows
	@packaging/wine/msi.sh

## test-darwin-cross: go vet and the test binaries (built, not run) of every
## package that builds without cgo, for darwin/amd64 and darwin/arm64.
test-darwin-cross:
	@packaging/darwin/cross-check.sh

## Installers (see packaging/). Release builds are reproducible from a tag:
## version from the tag, -trimpath, stripped, file times from the commit.
package-tools: deps
	@packaging/tools.sh

package-linux: package-tools
	packaging/package-linux.sh
	@$(MAKE) --no-print-directory sums

package-windows: package-tools
	packaging/package-windows.sh
	@$(MAKE) --no-print-directory sums

## macOS: run on a Mac with Xcode's command line tools.
package-darwin:
	packaging/darwin/package-darwin.sh
	@$(MAKE) --no-print-directory sums

sums:
	@cd dist && ls latchkey[-_]* | grep -v SHA256SUMS | xargs sha256sum > SHA256SUMS && echo "dist/SHA256SUMS written"

test-package: package-linux package-windows
	packaging/test-package.sh

fmt:
	gofmt -w $$(git ls-files '*.go')

clean:
	rm -rf bin dist
