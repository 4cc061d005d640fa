#!/usr/bin/env bash
# Installs Debian's Chromium for the console's browser test (test/integration/console-browser.test.ts), where
# it can: as root with apt. Elsewhere it says why not and the test skips with that reason.
# Playwright's own browser download is not used: it needs the internet, which CI lacks.
set -uo pipefail
if command -v chromium >/dev/null 2>&1 || [ -n "${CHROMIUM_PATH:-}" ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser: not root with apt-get; the console browser test will skip (set CHROMIUM_PATH to a Chromium to run it)" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null; }; then
  echo "install-browser: apt-get could not install chromium; the console browser test will skip" >&2
fi
exit 0
