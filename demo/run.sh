#!/usr/bin/env bash
# Runs the Keycloak Provisioning demo: builds the provider jar, installs it into a Keycloak distribution kept in
# demo/.keycloak (downloaded once from Maven Central), imports the demo realms on first start and starts Keycloak
# in dev mode on its embedded H2 database. Stop with Ctrl-C; start again and the data is still there.
#
#   demo/run.sh               # http://localhost:8080
#   DEMO_PORT=8180 demo/run.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${DEMO_PORT:-8080}"
MGMT_PORT="${DEMO_MANAGEMENT_PORT:-9000}"
BASE_URL="http://localhost:${PORT}"
KC_VERSION="$(sed -n 's:.*<keycloak.dist.version>\([0-9][^<]*\)</keycloak.dist.version>.*:\1:p' "$ROOT/pom.xml" | head -1)"
FEATURES="declarative-ui,scim-api"
HOME_DIR="$ROOT/demo/.keycloak/keycloak-${KC_VERSION}"

command -v java >/dev/null || { echo "Java 17 is required" >&2; exit 1; }
command -v mvn >/dev/null || { echo "Maven is required" >&2; exit 1; }
command -v npm >/dev/null || { echo "Node 20 and npm are required (the build builds the Provisioning console)" >&2; exit 1; }

echo "==> Building the provider jar"
(cd "$ROOT" && mvn -B -q -DskipTests package)

if [[ ! -x "$HOME_DIR/bin/kc.sh" ]]; then
  echo "==> Fetching Keycloak ${KC_VERSION} from Maven Central (once)"
  (cd "$ROOT" && mvn -B -q dependency:unpack \
      -Dartifact="org.keycloak:keycloak-quarkus-dist:${KC_VERSION}:tar.gz" \
      -DoutputDirectory="$ROOT/demo/.keycloak" -Dmdep.overIfNewer=true)
fi

rm -f "$HOME_DIR"/providers/keycloak-provisioning-*.jar
cp "$ROOT"/target/keycloak-provisioning-*.jar "$HOME_DIR/providers/"

mkdir -p "$HOME_DIR/data/import"
for realm in "$ROOT"/demo/realms/*.json; do
  sed "s#\${DEMO_BASE_URL}#${BASE_URL}#g" "$realm" > "$HOME_DIR/data/import/$(basename "$realm")"
done

# The demo's downstream application (realm crm) is served by this same Keycloak on localhost over plain http.
# Outbound targets need https and public addresses by default (an SSRF guard); these two options lift that for the
# demo only. Production leaves them off.
OUTBOUND_OPTIONS=(
  --spi-provisioning-outbound-target--provisioning-scim-target--allow-http=true
  --spi-provisioning-outbound-target--provisioning-scim-target--allow-private-addresses=true
)

echo "==> Starting Keycloak ${KC_VERSION} on ${BASE_URL} (log: demo/.keycloak/keycloak.log)"
KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
  "$HOME_DIR/bin/kc.sh" start-dev --features="$FEATURES" --import-realm \
    --http-port="$PORT" --http-management-port="$MGMT_PORT" --health-enabled=true --metrics-enabled=true \
    "${OUTBOUND_OPTIONS[@]}" \
    > "$ROOT/demo/.keycloak/keycloak.log" 2>&1 &
KC_PID=$!
trap 'echo; echo "==> Stopping Keycloak"; kill "$KC_PID" 2>/dev/null; wait "$KC_PID" 2>/dev/null; exit 0' INT TERM

for _ in $(seq 1 240); do
  if curl -fsS "http://localhost:${MGMT_PORT}/health/ready" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$KC_PID" 2>/dev/null; then
    echo "Keycloak stopped; last lines of demo/.keycloak/keycloak.log:" >&2
    tail -40 "$ROOT/demo/.keycloak/keycloak.log" >&2
    exit 1
  fi
  sleep 1
done

ADMIN_TOKEN="$(curl -sS -d grant_type=password -d client_id=admin-cli -d username=admin -d password=admin \
  "$BASE_URL/realms/master/protocol/openid-connect/token" | sed 's/.*"access_token":"\([^"]*\)".*/\1/')"

# acme pushes its members and the groups its policy maps to realm crm's SCIM API (OAuth 2 client credentials);
# the target's secret is kept encrypted by the extension, outside the realm export, so it is set through the API
CRM_SCIM_URL="${BASE_URL}/realms/crm/scim/v2"
if ! curl -fsS -H "Authorization: Bearer $ADMIN_TOKEN" "$BASE_URL/admin/realms/acme/provisioning/targets" \
    | grep -q '"name":"crm"'; then
  curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $ADMIN_TOKEN" -H "Content-Type: application/json" \
    --data "{\"name\":\"crm\",\"baseUrl\":\"${CRM_SCIM_URL}\",\"enabled\":true,\"pushGroups\":true,
      \"auth\":{\"type\":\"oauth2\",\"clientId\":\"acme-provisioning\",\"secret\":\"acme-provisioning-demo-secret\",
      \"tokenUrl\":\"${BASE_URL}/realms/crm/protocol/openid-connect/token\"},
      \"scope\":{\"kind\":\"all\"},\"deprovision\":\"deactivate\"}" \
    "$BASE_URL/admin/realms/acme/provisioning/targets"
fi

# a SCIM connection token for the realm globex (shown once by the API, so kept beside the database it lives in)
SCIM_TOKEN_FILE="$HOME_DIR/data/globex-scim-token"
SCIM_URL="${BASE_URL}/realms/globex/provisioning/scim/v2"
if [[ ! -s "$SCIM_TOKEN_FILE" ]] || [[ "$(curl -s -o /dev/null -w '%{http_code}' \
    -H "Authorization: Bearer $(cat "$SCIM_TOKEN_FILE")" "$SCIM_URL/Users?count=0")" != 200 ]]; then
  curl -sS -X POST -H "Authorization: Bearer $ADMIN_TOKEN" -H "Content-Type: application/json" \
    --data '{"name":"demo IdP (demo/scim.sh)"}' "$BASE_URL/admin/realms/globex/provisioning/scim/tokens" \
    | sed -n 's/.*"token":"\([^"]*\)".*/\1/p' > "$SCIM_TOKEN_FILE"
fi

cat <<BANNER

Keycloak Provisioning demo is running.

  Admin console      ${BASE_URL}/admin/master/console/#/acme        admin / admin
    Provisioning tab ${BASE_URL}/admin/master/console/#/acme/realm-settings/provisioning
  Provisioning console ${BASE_URL}/realms/master/provisioning/console/#/acme/overview
                     (signs in with the admin console's session: overview, policy with preview, group
                      mappings, members and explain, Sync now, SCIM tokens, broker flows)
  Acme account page  ${BASE_URL}/realms/acme/account                 click "Customer IdP", then log in as:
                       alice / alice   acme-owners, acme-premium  -> Owner, Premium seat
                       bob   / bob     acme-staff                 -> User, Standard seat
                       dave  / dave    acme-admins, acme-staff    -> Admin, Standard seat
                       erin  / erin    acme-staff                 -> no seat left: pending
                       carol / carol   marketing (mapped to none) -> refused, never created
  Customer IdP       ${BASE_URL}/admin/master/console/#/customer-idp (the realm that plays Entra ID / Okta)
  Acme CRM           ${BASE_URL}/admin/master/console/#/crm/users  (downstream application: acme pushes each
                     member there over Keycloak's own SCIM API, ${CRM_SCIM_URL}, with the groups that
                     gave the member its role and seat: see a user's Groups tab)
  Policy (admin API) ${BASE_URL}/admin/realms/acme/provisioning/policy

  SCIM (realm globex, in SCIM mode: the IdP pushes users and groups, nobody has to log in)
    Base URL         ${SCIM_URL}
    Token            $(cat "$SCIM_TOKEN_FILE")
    demo/scim.sh     plays the IdP: pushes groups and users, prints each member's role and seat

  Read the policy with an admin token:
    TOKEN=\$(curl -s -d grant_type=password -d client_id=admin-cli -d username=admin -d password=admin \\
      ${BASE_URL}/realms/master/protocol/openid-connect/token | sed 's/.*"access_token":"\\([^"]*\\)".*/\\1/')
    curl -s -H "Authorization: Bearer \$TOKEN" ${BASE_URL}/admin/realms/acme/provisioning/policy

Press Ctrl-C to stop; data is kept in demo/.keycloak for the next start.
BANNER

wait "$KC_PID"
