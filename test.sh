#!/usr/bin/env bash
# The one test command: installs what the tests need when it is missing, then runs every test
# (unit, bUnit, WebApplicationFactory on SQLite files, Playwright in Debian's Chromium, architecture), and runs the
# database-backed tests a second time on PostgreSQL (issue 12). The tests start their own throwaway PostgreSQL cluster
# (initdb + pg_ctl in a temporary folder, free loopback port, stopped when the test process ends): see
# DentistPortal.Tests/Infrastructure/TestPostgres.cs. With arguments (e.g. --filter X) one `dotnet test` run on SQLite takes
# them, and the PostgreSQL pass is skipped unless DP_TEST_POSTGRES_PASS=1.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing test dependencies: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  # --no-install-recommends: with recommends, avahi-daemon breaks dpkg on these machines.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet tool restore >/dev/null
log="$(mktemp)"
set +e
# Real browsers and several portal instances (EndToEnd, ScaleOut) wait on pages and servers with timeouts: on a 2-core
# machine, sharing it with the parallel unit and integration tests made them time out now and then (a different one
# each CI run). With no arguments they get a pass of their own, one test collection at a time, after the others.
browsers="FullyQualifiedName~DentistPortal.Tests.EndToEnd|FullyQualifiedName~DentistPortal.Tests.ScaleOut"
if [ "$#" -eq 0 ]; then
  dotnet test DentistPortal.sln --filter "FullyQualifiedName!~DentistPortal.Tests.EndToEnd&FullyQualifiedName!~DentistPortal.Tests.ScaleOut" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  echo "Browser and several-instance tests, one collection at a time"
  dotnet test DentistPortal.Tests --no-build --filter "$browsers" -- xUnit.ParallelizeTestCollections=false 2>&1 | tee -a "$log"
  browser_status=${PIPESTATUS[0]}
  [ "$status" -ne 0 ] || status=$browser_status
else
  dotnet test DentistPortal.sln "$@" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
fi
if [ "$#" -eq 0 ] || [ "${DP_TEST_POSTGRES_PASS:-0}" = "1" ]; then
  echo "Second pass: the database-backed tests on PostgreSQL"
  # Browser flows (EndToEnd) and the several-instances tests (ScaleOut, always on PostgreSQL) ran in the passes above;
  # tests tagged Provider=Sqlite are about the SQLite file itself; Provider=Both ones cover both providers in the first pass.
  DENTISTPORTAL_TEST_PROVIDER=PostgreSQL dotnet test DentistPortal.Tests --no-build \
    --filter "FullyQualifiedName!~DentistPortal.Tests.EndToEnd&FullyQualifiedName!~DentistPortal.Tests.ScaleOut&Provider!=Sqlite&Provider!=Both" 2>&1 | tee -a "$log"
  pg_status=${PIPESTATUS[0]}
  [ "$status" -ne 0 ] || status=$pg_status
fi
# A test process killed before its exit handler leaves its throwaway cluster running: stop it.
pkill -f "dentistportal-pg-[0-9a-f]*/data" 2>/dev/null || true
# ... and its folder (about 80 MB each): remove the clusters no server runs from any more.
for d in "${TMPDIR:-/tmp}"/dentistportal-pg-*; do
  [ -d "$d" ] && ! pgrep -f "$d/data" >/dev/null 2>&1 && rm -rf "$d"
done
set -e
# One plain summary line for CI: "N passed, N failed".
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "${passed} passed, ${failed} failed"
exit "$status"
