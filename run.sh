#!/usr/bin/env bash
# Runs Keycloak with the extension and the demo realm `academy`, in the foreground.
#
#   ./run.sh                      H2 (dev-file) database kept in .run/, port 8080
#   DB=postgres ./run.sh          PostgreSQL: DB_URL (default jdbc:postgresql://127.0.0.1:5432/academy),
#                                 DB_USERNAME (postgres), DB_PASSWORD (empty); the database must exist
#   PORT=8081 ./run.sh            another HTTP port
#   MANAGEMENT_PORT=9001 ./run.sh the management port of /metrics and /health (default 9000 with
#                                 PORT 8080, else PORT + 1000)
#   RESET=1 ./run.sh              start from an empty database (deletes .run/ data)
#   KC_BOOTSTRAP_ADMIN_USERNAME / KC_BOOTSTRAP_ADMIN_PASSWORD
#                                 master's admin (default admin / admin): created with a new database;
#                                 the demo seeder signs in with them to select master's admin theme
#
# Keycloak itself is the org.keycloak:keycloak-quarkus-dist zip from Maven Central, resolved through
# Maven (so it is downloaded once into ~/.m2) and unpacked once into .run/.
set -euo pipefail
cd "$(dirname "$0")"

PORT="${PORT:-8080}"
if [ "$PORT" = 8080 ]; then
  MANAGEMENT_PORT="${MANAGEMENT_PORT:-9000}"
elif [ "$PORT" -le 64535 ]; then
  MANAGEMENT_PORT="${MANAGEMENT_PORT:-$((PORT + 1000))}"
else
  MANAGEMENT_PORT="${MANAGEMENT_PORT:-$((PORT - 1000))}"
fi
KC_VERSION="$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' pom.xml | head -n 1)"
RUN_DIR=".run"
KC_HOME="$RUN_DIR/keycloak-$KC_VERSION"

echo "[run] building the extension"
./mvnw -q -DskipTests package

if [ ! -x "$KC_HOME/bin/kc.sh" ]; then
  echo "[run] fetching Keycloak $KC_VERSION"
  ./mvnw -q dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip" -DoutputDirectory="$RUN_DIR" -Dmdep.overWriteReleases=false
  unzip -q -o "$RUN_DIR/keycloak-quarkus-dist-$KC_VERSION.zip" -d "$RUN_DIR"
  rm -f "$RUN_DIR/keycloak-quarkus-dist-$KC_VERSION.zip"
fi

if [ "${RESET:-0}" = "1" ]; then
  echo "[run] RESET=1: removing the H2 database"
  rm -rf "$KC_HOME/data/h2"
fi

echo "[run] installing the extension's jars into $KC_HOME/providers"
rm -f "$KC_HOME"/providers/*.jar
cp provider/target/providers/*.jar "$KC_HOME/providers/"
mkdir -p "$KC_HOME/data/import"
cp demo/academy-realm.json "$KC_HOME/data/import/"

DB_OPTS=()
if [ "${DB:-h2}" = "postgres" ]; then
  DB_OPTS=(--db=postgres "--db-url=${DB_URL:-jdbc:postgresql://127.0.0.1:5432/academy}"
           "--db-username=${DB_USERNAME:-postgres}" "--db-password=${DB_PASSWORD:-}")
fi

# Master's first admin, created with master on a fresh database (Keycloak ignores these afterwards).
export KC_BOOTSTRAP_ADMIN_USERNAME="${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}"
export KC_BOOTSTRAP_ADMIN_PASSWORD="${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}"

# Once Keycloak answers: selects the admin theme for master (signed in as the bootstrap admin above,
# from the environment), adds the demo realm's academy data once, then prints where to sign in.
java demo/SeedAcademyData.java "http://localhost:$PORT" "http://localhost:$PORT" \
  "http://localhost:$MANAGEMENT_PORT/metrics" &
SEEDER=$!
trap 'kill $SEEDER 2>/dev/null || true' EXIT

# Metrics (Keycloak's and the extension's, README "Metrics") and health on the management port.
"$KC_HOME/bin/kc.sh" start-dev --import-realm --http-port="$PORT" \
  --metrics-enabled=true --health-enabled=true --http-management-port="$MANAGEMENT_PORT" "${DB_OPTS[@]}"
