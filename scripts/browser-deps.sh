#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests when it is missing (needs root and apt).
# Never downloads a browser build of its own: Playwright drives /usr/bin/chromium.
set -u
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "browser-deps: installing Debian's chromium for the browser tests"
  (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) \
    || echo "browser-deps: could not install chromium; browser tests will skip"
else
  echo "browser-deps: chromium missing and not root; browser tests will skip"
fi
exit 0
