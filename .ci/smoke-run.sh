#!/usr/bin/env bash
# CI smoke test of the README's main command, as a new user runs it: a fresh `RESET=1 ./run.sh` on a
# free port must print its banner with that port, seed the demo's learning records and certificates,
# and both consoles the banner names must show the extension's Import button on their Users page
# (.ci/smoke-consoles.mjs, headless Debian Chromium); the metrics URL it names must serve the extension's.
# Keycloak is stopped afterwards. Exits non-zero on any failure, with the tail of run.sh's log.
#
#   .ci/smoke-run.sh     SMOKE_OUT (default target/smoke-run: run.log, screenshots/),
#                        SMOKE_TIMEOUT (seconds until the banner, default 480)
set -euo pipefail
cd "$(dirname "$0")/.."

OUT="${SMOKE_OUT:-target/smoke-run}"
TIMEOUT="${SMOKE_TIMEOUT:-480}"
rm -rf "$OUT"
mkdir -p "$OUT/screenshots"
LOG="$OUT/run.log"
STARTED=$(date +%s)

# A port nobody listens on now (Keycloak binds every interface).
free_port() {
  node -e 'const s = require("node:net").createServer().listen(0, () => { console.log(s.address().port); s.close(); });'
}
PORT="$(free_port)"
# The management port (/metrics, /health) too, rather than run.sh's PORT + 1000.
MANAGEMENT_PORT="$(free_port)"
while [ "$MANAGEMENT_PORT" = "$PORT" ]; do MANAGEMENT_PORT="$(free_port)"; done

RUN_PID=""
failed=0
fail() {
  echo "[smoke] FAILED: $*" >&2
  failed=1
}

# Stops run.sh's whole process group (run.sh, its seeder, kc.sh and Keycloak's JVM) and requires that
# nothing of it is left, nor anything listening on the port.
stop() {
  [ -n "$RUN_PID" ] || return 0
  if pgrep -g "$RUN_PID" >/dev/null; then
    kill -TERM -- "-$RUN_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do
      pgrep -g "$RUN_PID" >/dev/null || break
      sleep 1
    done
    if pgrep -g "$RUN_PID" >/dev/null; then
      fail "run.sh's processes were still running 60 s after SIGTERM: $(pgrep -g "$RUN_PID" -a | cut -c1-200 | tr '\n' ';')"
      kill -KILL -- "-$RUN_PID" 2>/dev/null || true
      sleep 2
    fi
  fi
  if pgrep -f -- "--http-port=$PORT" >/dev/null; then
    fail "a Keycloak started with --http-port=$PORT is still running: $(pgrep -f -a -- "--http-port=$PORT" | cut -c1-200)"
  fi
  if node -e 'require("node:net").connect(+process.argv[1], "127.0.0.1").on("connect", () => process.exit(0)).on("error", () => process.exit(1));' "$PORT"; then
    fail "something still answers on port $PORT after Keycloak was stopped"
  fi
  RUN_PID=""
}

finish() {
  local rc=$?
  [ "$rc" -eq 0 ] || failed=1
  stop
  if [ "$failed" -ne 0 ]; then
    echo "[smoke] ---- last 80 lines of $LOG ----" >&2
    tail -n 80 "$LOG" >&2 || true
    echo "[smoke] ---- screenshots in $OUT/screenshots ----" >&2
    echo "[smoke] FAILED after $(($(date +%s) - STARTED)) s" >&2
    exit 1
  fi
  echo "[smoke] passed in $(($(date +%s) - STARTED)) s (log and screenshots in $OUT)"
}
trap finish EXIT

echo "[smoke] RESET=1 PORT=$PORT MANAGEMENT_PORT=$MANAGEMENT_PORT ./run.sh (log: $LOG)"
# Its own session and process group (setsid), so one signal to the group stops all of it.
RESET=1 PORT="$PORT" MANAGEMENT_PORT="$MANAGEMENT_PORT" setsid ./run.sh >"$LOG" 2>&1 </dev/null &
RUN_PID=$!

# The banner is the seeder's last output; run.sh, or the seeder once started, ending first means it
# failed (Keycloak alone keeps running: no need to wait for the timeout then).
deadline=$((STARTED + TIMEOUT))
seeder_seen=0
until grep -q '^ Master admin console:' "$LOG"; do
  if ! kill -0 "$RUN_PID" 2>/dev/null; then
    fail "run.sh ended before printing the banner"
    exit 1
  fi
  if pgrep -g "$RUN_PID" -f SeedAcademyData >/dev/null; then
    seeder_seen=1
  elif [ "$seeder_seen" = 1 ] && ! grep -q '^ Master admin console:' "$LOG"; then
    fail "the demo seeder ended without printing the banner"
    exit 1
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    fail "no banner within $TIMEOUT s"
    exit 1
  fi
  sleep 3
done
echo "[smoke] banner after $(($(date +%s) - STARTED)) s"
sed -n '/^=====/,/^=====/p' "$LOG" | head -n 8

realm_url="$(sed -n 's/^ Realm admin console : \([^ ]*\).*/\1/p' "$LOG" | tail -n 1)"
master_url="$(sed -n 's/^ Master admin console: \([^ ]*\).*/\1/p' "$LOG" | tail -n 1)"
[ "$realm_url" = "http://localhost:$PORT/admin/academy/console/" ] ||
  fail "the banner's realm console URL is '$realm_url', expected http://localhost:$PORT/admin/academy/console/"
[ "$master_url" = "http://localhost:$PORT/admin/master/console/" ] ||
  fail "the banner's master console URL is '$master_url', expected http://localhost:$PORT/admin/master/console/"
if grep -q '^\[demo\] FAILED\|INCOMPLETE' "$LOG"; then
  fail "the seeder reports a failed step: $(grep '^\[demo\] FAILED' "$LOG" | cut -c1-300)"
fi
# A fresh database: the seeder must have added the data now, and says how much.
seeded="$(sed -n 's/^\[demo\] seeded \([0-9]*\) learning records and \([0-9]*\) certificates for .*/\1 \2/p' "$LOG")"
[ -n "$seeded" ] || fail "the seeder did not report seeding learning records and certificates"
[ "$failed" -eq 0 ] || exit 1

read -r records certificates <<<"$seeded"
SMOKE_RECORDS="$records" SMOKE_CERTIFICATES="$certificates" KC_E2E_SCREENSHOTS="$OUT/screenshots" \
  node .ci/smoke-consoles.mjs "$realm_url" "$master_url" || fail "the consoles' check (above)"

# The banner's metrics URL serves the extension's metrics (README "Metrics"): the gauges, and the purge of the
# consoles' check's delete (its 2 s restore window has ended by now) counted for the demo realm.
metrics_url="$(sed -n 's/^ Metrics (Prometheus): \([^ ]*\).*/\1/p' "$LOG" | tail -n 1)"
if [ -z "$metrics_url" ]; then
  fail "the banner names no metrics URL"
else
  metrics="$(node -e 'fetch(process.argv[1]).then(r => r.ok ? r.text() : Promise.reject(r.status)).then(t => process.stdout.write(t), e => { console.error(e); process.exit(1); })' "$metrics_url" || true)"
  if ! grep -q '^academy_offboarding_gauges_age_seconds' <<<"$metrics"; then
    fail "$metrics_url serves no academy_offboarding_gauges_age_seconds"
  elif ! grep -q '^academy_offboarding_users_purged_total{realm="academy"' <<<"$metrics"; then
    fail "$metrics_url does not count the consoles' check's purge in realm academy"
  else
    echo "[smoke] $metrics_url: $(grep -c '^academy_offboarding_' <<<"$metrics") academy_offboarding_ series, $(grep '^academy_offboarding_users_purged_total{realm="academy"' <<<"$metrics")"
  fi
fi
