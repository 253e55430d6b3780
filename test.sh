#!/usr/bin/env bash
# The one command that proves the template works: installs what the tests need, then runs them all.
# Tests start their own redis-server / Garnet on free loopback ports, real Kestrel and headless Chromium.
set -euo pipefail
cd "$(dirname "$0")"

# redis-server and Chromium are installed with apt-get when this runs as root on Debian or Ubuntu.
# Elsewhere the tests do without them where they can: the session-store suites run on Garnet, and the
# browser tests look for Chromium in $SESSIONSAMPLE_CHROMIUM, Playwright's own browsers and the usual
# install paths, and say what they tried when there is none (see docs/testing.md).
need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
  || command -v google-chrome >/dev/null 2>&1 || [ -n "${SESSIONSAMPLE_CHROMIUM:-}" ] || need+=(chromium)
if ((${#need[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${need[*]} with apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "Not installed: ${need[*]}. The tests that need them say so; to install them: sudo apt-get install ${need[*]}" >&2
  fi
fi

# Garnet is a local dotnet tool (see .config/dotnet-tools.json): the tests and the AppHost use it
# when no redis-server is wanted or present.
dotnet tool restore

# The one solution in this folder (its name is the one the template was given).
dotnet build -c Release -warnaserror
results=TestResults
rm -rf "$results"
status=0
# One test assembly at a time (-m:1): on two cores, assemblies run side by side only slow each other
# down past the time budgets the Redis tests hold operations to.
dotnet test -c Release --no-build -m:1 --results-directory "$results" \
  --logger "console;verbosity=minimal" --logger trx "$@" || status=$?

# One closing line over every test project, read from the TRX reports.
passed=0 failed=0 skipped=0
counter() { grep -o "<Counters [^>]*" "$1" | grep -o "\b$2=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
while IFS= read -r -d '' trx; do
  passed=$((passed + $(counter "$trx" passed)))
  failed=$((failed + $(counter "$trx" failed)))
  skipped=$((skipped + $(counter "$trx" notExecuted)))
done < <(find "$results" -name '*.trx' -print0)
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
