#!/usr/bin/env bash
# Runs a command with a display. On a Linux machine without one (a server, a
# container), it starts a virtual X server on :99 (Xvfb) and tells you how to
# look at it; everywhere else it just runs the command.
set -euo pipefail
if [ "$(uname -s)" = Linux ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  if ! command -v Xvfb >/dev/null 2>&1; then
    echo "latchkey: no display found (DISPLAY is not set) and Xvfb is not installed; run this from a desktop session" >&2
    exit 1
  fi
  if [ ! -e /tmp/.X99-lock ]; then
    Xvfb :99 -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
    for _ in $(seq 1 50); do [ -e /tmp/.X11-unix/X99 ] && break; sleep 0.1; done
  fi
  export DISPLAY=:99
  echo "latchkey: no display found, so the window opens on the virtual display :99 (screenshot: DISPLAY=:99 import -window root shot.png)" >&2
fi
exec "$@"
