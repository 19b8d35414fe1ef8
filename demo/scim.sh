#!/usr/bin/env bash
# Plays the customer's IdP against the running demo: pushes groups and users to the realm globex over SCIM, the way
# Entra ID or Okta do, and prints every member's role and seat after each step. Run it while demo/run.sh runs; it
# starts by removing what an earlier run pushed, so it can be run again.
#
#   demo/scim.sh
#   DEMO_PORT=8180 demo/scim.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE_URL="${DEMO_BASE_URL:-http://localhost:${DEMO_PORT:-8080}}"
REALM="${DEMO_REALM:-globex}"
TOKEN_FILE="${DEMO_SCIM_TOKEN_FILE:-$(ls "$ROOT"/demo/.keycloak/keycloak-*/data/globex-scim-token 2>/dev/null | head -1)}"
[[ -n "$TOKEN_FILE" && -r "$TOKEN_FILE" ]] || { echo "No SCIM token: start the demo first (demo/run.sh)" >&2; exit 1; }
TOKEN="$(cat "$TOKEN_FILE")"
SCIM="$BASE_URL/realms/$REALM/provisioning/scim/v2"
ADMIN_API="$BASE_URL/admin/realms/$REALM/provisioning"
USERS=(frank grace heidi ivan)
GROUPS_PUSHED=("Globex Staff" "Globex Premium" "Globex Owners")

# scim METHOD PATH [BODY]: the response body; fails on an HTTP error, printing the SCIM error
scim() {
  local out status
  out="$(curl -sS -w '\n%{http_code}' -X "$1" -H "Authorization: Bearer $TOKEN" \
    -H "Content-Type: application/scim+json" ${3:+--data "$3"} "$SCIM$2")" || return 1
  status="${out##*$'\n'}"
  out="${out%$'\n'*}"
  if [[ "$status" == 000 || "$status" -ge 400 ]]; then
    echo "SCIM $1 $2 answered $status: $out" >&2
    return 1
  fi
  printf '%s' "$out"
}

enc() { printf '%s' "$1" | sed 's/ /%20/g; s/"/%22/g'; }

admin_token() {
  curl -sS -d grant_type=password -d client_id=admin-cli -d "username=${DEMO_ADMIN_USER:-admin}" \
    -d "password=${DEMO_ADMIN_PASSWORD:-admin}" "$BASE_URL/realms/master/protocol/openid-connect/token" \
    | sed 's/.*"access_token":"\([^"]*\)".*/\1/'
}

field() { grep -o "\"$1\":\"[^\"]*\"" | head -1 | cut -d'"' -f4; }

# one line per pushed user: state, role and seat tier, as the admin API reports them
standing() {
  local token line
  token="$(admin_token)"
  echo "  $1"
  for name in "${USERS[@]}"; do
    local id="${IDS[$name]:-}"
    [[ -n "$id" ]] || continue
    line="$(curl -sS -H "Authorization: Bearer $token" "$ADMIN_API/members/$id" -w '\n%{http_code}')"
    if [[ "${line##*$'\n'}" == 200 ]]; then
      line="${line%$'\n'*}"
      printf '    %-6s %-13s role=%-6s seat=%s\n' "$name" "$(field state <<<"$line")" \
        "$(field role <<<"$line")" "$(field tier <<<"$line")"
    else
      printf '    %-6s not a member (in no mapped group)\n' "$name"
    fi
  done
}

user_body() {
  printf '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s@globex.example","externalId":"%s",'`
    `'"name":{"givenName":"%s","familyName":"Demo"},"emails":[{"value":"%s@globex.example","type":"work","primary":true}]}' \
    "$1" "$1" "${1^}" "$1"
}

add_member() {
  scim PATCH "/Groups/$1" '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add",'`
    `'"path":"members","value":[{"value":"'"$2"'"}]}]}' >/dev/null
}

declare -A IDS=()

if ! curl -s -o /dev/null "$BASE_URL/realms/$REALM"; then
  echo "Keycloak does not answer on $BASE_URL yet: start the demo (demo/run.sh) and wait for its banner" >&2
  exit 1
fi

echo "==> Removing what an earlier run pushed"
for name in "${USERS[@]}"; do
  id="$(scim GET "/Users?filter=$(enc "userName eq \"$name@globex.example\"")" | field id || true)"
  [[ -z "$id" ]] || scim DELETE "/Users/$id" >/dev/null
done
for group in "${GROUPS_PUSHED[@]}"; do
  id="$(scim GET "/Groups?filter=$(enc "displayName eq \"$group\"")&excludedAttributes=members" | field id || true)"
  [[ -z "$id" ]] || scim DELETE "/Groups/$id" >/dev/null
done

echo "==> 1. The IdP pushes two groups: Globex Staff (mapped to User) and Globex Premium (the Premium tier)"
STAFF="$(scim POST /Groups '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Globex Staff"}' \
  | field id)"
PREMIUM="$(scim POST /Groups \
  '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Globex Premium"}' | field id)"

echo "==> 2. It pushes frank, grace, heidi and ivan, in no group yet"
for name in "${USERS[@]}"; do
  IDS[$name]="$(scim POST /Users "$(user_body "$name")" | field id)"
done
standing "in no mapped group, nobody is a member (the Keycloak users exist, with no role and no seat):"

echo "==> 3. It adds grace to Globex Premium, then grace, frank, heidi and ivan to Globex Staff (Premium has 1 seat,"`
  `" Standard 2)"
add_member "$PREMIUM" "${IDS[grace]}"
for name in grace frank heidi ivan; do add_member "$STAFF" "${IDS[$name]}"; done
standing "grace takes the Premium seat; frank and heidi, in no tier group, the highest tier with a free seat,"`
  `" Standard; ivan finds no free seat and waits:"

echo "==> 4. frank leaves the company: the IdP sends active=false"
scim PATCH "/Users/${IDS[frank]}" '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],'`
  `'"Operations":[{"op":"replace","path":"active","value":false}]}' >/dev/null
standing "frank is disabled, his sessions are gone and his Standard seat is free:"

echo "==> 5. An admin runs Sync now (POST $ADMIN_API/sync)"
token="$(admin_token)"
job="$(curl -sS -X POST -H "Authorization: Bearer $token" "$ADMIN_API/sync" | field id)"
for _ in $(seq 1 60); do
  state="$(curl -sS -H "Authorization: Bearer $token" "$ADMIN_API/sync/$job" | field state)"
  [[ "$state" == running ]] || break
  sleep 1
done
standing "the free seat goes to the pending member:"

echo "==> 6. The IdP pushes the group Globex Owners with heidi in it"
scim POST /Groups '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Globex Owners",'`
  `'"members":[{"value":"'"${IDS[heidi]}"'"}]}' >/dev/null
standing "heidi is in Globex Owners and Globex Staff: the most permissive role, Owner, wins at once:"

echo
echo "Look at them in the admin console: $BASE_URL/admin/master/console/#/$REALM/users (Role mapping, Admin events)"
