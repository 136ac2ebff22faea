#!/usr/bin/env bash
# Installs Debian's PostgreSQL server for the PostgreSQL store tests when it is missing (needs
# root and apt). The tests start their own throwaway server from its binaries
# (/usr/lib/postgresql/<version>/bin: initdb, pg_ctl) on a free loopback port; the system
# service is not used. Without the binaries the tests skip with that reason (or fail under
# STORYLENS_REQUIRE_POSTGRES=1, as in CI).
set -u
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "postgres-deps: installing Debian's postgresql for the PostgreSQL store tests"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql \
     >/dev/null) || echo "postgres-deps: could not install postgresql; its tests will skip"
else
  echo "postgres-deps: PostgreSQL server binaries missing and not root; its tests will skip"
fi
exit 0
