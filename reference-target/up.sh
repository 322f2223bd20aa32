#!/bin/bash
# Brings up a REAL OpenStack reference target on loopback for the conformance
# suite: Keystone (fernet, SQLite, uwsgi) + Sahara 16 `sahara-all` (fake
# plugin) + MariaDB, all from Debian bookworm packages, all on 127.0.0.1.
# Idempotent: whatever already runs from this folder is reused.
# Output: var/conformance.env (dotenv, 0600). Stop with ./down.sh.
# Ports: KEYSTONE_PORT (default 5000), SAHARA_PORT (default 8386).
set -euo pipefail
source "$(dirname "$0")/bin/lib.sh"
started=$SECONDS

apt_started=$SECONDS
"$RT_BIN/install-packages.sh"
apt_seconds=$((SECONDS - apt_started))

"$RT_BIN/write-configs.sh"
load_secrets
"$RT_BIN/start-mariadb.sh"
"$RT_BIN/start-keystone.sh"

say "keystone: projects, users, roles"
projects=$(ADMIN_PASSWORD=$ADMIN_PASSWORD SAHARA_SERVICE_PASSWORD=$SAHARA_SERVICE_PASSWORD \
           USER_A_PASSWORD=$USER_A_PASSWORD USER_B_PASSWORD=$USER_B_PASSWORD \
           "$SYS_PYTHON" "$RT_BIN/keystone_seed.py" "$KEYSTONE_URL")
PROJECT_A_ID=$(jq -r '."proj-a"' <<< "$projects")
PROJECT_B_ID=$(jq -r '."proj-b"' <<< "$projects")

"$RT_BIN/start-sahara.sh"

token_for() { # USER PASSWORD_VAR PROJECT -> token on stdout, for capture only
  env "$2=${!2}" "$SYS_PYTHON" "$RT_BIN/keystone_token.py" "$KEYSTONE_URL" "$1" "$2" "$3"
}
TOKEN_A=$(token_for user-a USER_A_PASSWORD proj-a)
TOKEN_B=$(token_for user-b USER_B_PASSWORD proj-b)

# The first authenticated request makes Sahara's auth middleware fetch its
# own service token; wait until a user token is actually accepted.
authorised() {
  [[ $(lcurl -o /dev/null -w '%{http_code}' -H @<(printf 'X-Auth-Token: %s\n' "$TOKEN_A") \
        "$SAHARA_URL/v1.1/$PROJECT_A_ID/job-executions") == 200 ]]
}
wait_for 60 "Sahara to accept a Keystone token" authorised \
  || die "Sahara does not accept user-a's token, see $RT_LOG/sahara.log"

say "sahara: fixture clusters and jobs"
fixtures=$(PROJECT_A_ID=$PROJECT_A_ID PROJECT_B_ID=$PROJECT_B_ID TOKEN_A=$TOKEN_A TOKEN_B=$TOKEN_B \
           "$RT_BIN/seed-sahara.sh")
eval "$fixtures"   # CLUSTER_A_ID, CLUSTER_B_ID, PENDING_CLUSTER_ID, JOB_A_ID, JOB_B_ID (ids only)

env_file=$RT_VAR/conformance.env
( umask 077
  cat > "$env_file.tmp" <<ENV
CONFORMANCE_BASE_URL=$SAHARA_URL
CONFORMANCE_PROFILE=sahara
CONFORMANCE_FIXTURE=sahara-execute
OS_AUTH_URL=$KEYSTONE_URL/v3
OS_USERNAME=user-a
OS_PASSWORD=$USER_A_PASSWORD
OS_PROJECT_NAME=proj-a
OS_USER_DOMAIN_NAME=Default
OS_PROJECT_DOMAIN_NAME=Default
CONFORMANCE_PROJECT_ID=$PROJECT_A_ID
CONFORMANCE_AUTH_TOKEN=$TOKEN_A
CONFORMANCE_OTHER_OS_USERNAME=user-b
CONFORMANCE_OTHER_OS_PASSWORD=$USER_B_PASSWORD
CONFORMANCE_OTHER_OS_PROJECT_NAME=proj-b
CONFORMANCE_OTHER_PROJECT_ID=$PROJECT_B_ID
CONFORMANCE_OTHER_AUTH_TOKEN=$TOKEN_B
CONFORMANCE_JOB_ID=$JOB_A_ID
CONFORMANCE_CLUSTER_ID=$CLUSTER_A_ID
CONFORMANCE_OTHER_JOB_ID=$JOB_B_ID
CONFORMANCE_OTHER_CLUSTER_ID=$CLUSTER_B_ID
CONFORMANCE_PENDING_CLUSTER_ID=$PENDING_CLUSTER_ID
CONFORMANCE_DELETE_TIMEOUT_MS=10000
CONFORMANCE_LONG_DELETE_TIMEOUT_MS=420000
ENV
  mv "$env_file.tmp" "$env_file" )

# Only non-secret values are shown; passwords and tokens stay in the file.
cat <<SUMMARY
reference target is up (Keystone pid $(pid_of keystone), Sahara pid $(pid_of sahara), MariaDB pid $(pid_of mariadb))
  env file:           $env_file   (contains passwords and 12 h tokens; mode 0600)
  Sahara:             $SAHARA_URL
  Keystone:           $KEYSTONE_URL/v3
  proj-a / user-a:    $PROJECT_A_ID
  proj-b / user-b:    $PROJECT_B_ID
  job A / cluster A:  $JOB_A_ID / $CLUSTER_A_ID (Active)
  job B / cluster B:  $JOB_B_ID / $CLUSTER_B_ID (Active)
  pending cluster A:  $PENDING_CLUSTER_ID (Waiting: its job executions stay PENDING)
  logs:               $RT_LOG/
  apt: ${apt_seconds}s   total: $((SECONDS - started))s
SUMMARY
