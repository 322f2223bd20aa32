#!/bin/bash
# Brings up a REAL OpenStack reference target on loopback for the conformance
# suite: Keystone (fernet, SQLite, uwsgi) + Sahara 16 `sahara-all` (fake
# plugin) + MariaDB, all from Debian bookworm packages, all on 127.0.0.1.
# Idempotent: whatever already runs from this folder is reused.
# Keystone's catalog lists Sahara (data-processing); user-a has an application
# credential on proj-a.
# Output: var/conformance.env (dotenv, 0600); var/clouds.yaml (openstacksdk
# clouds reference-a and reference-b, 0600) and var/os-cloud.env (dotenv,
# 0600: OS_CLIENT_CONFIG_FILE, OS_CLOUD and the fixture ids, no URL, no
# secret). Stop with ./down.sh.
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

say "keystone: projects, users, roles, Sahara in the catalog, user-a's application credential"
seeded=$(ADMIN_PASSWORD=$ADMIN_PASSWORD SAHARA_SERVICE_PASSWORD=$SAHARA_SERVICE_PASSWORD \
         USER_A_PASSWORD=$USER_A_PASSWORD USER_B_PASSWORD=$USER_B_PASSWORD \
         USER_A_APP_CRED_SECRET=$USER_A_APP_CRED_SECRET USER_A_APP_CRED_ID=${USER_A_APP_CRED_ID:-} \
         "$SYS_PYTHON" "$RT_BIN/keystone_seed.py" "$KEYSTONE_URL" "$SAHARA_URL")
PROJECT_A_ID=$(jq -r '.projects."proj-a"' <<< "$seeded")
PROJECT_B_ID=$(jq -r '.projects."proj-b"' <<< "$seeded")
SAHARA_SERVICE_ID=$(jq -r '.sahara_service_id' <<< "$seeded")
APP_CRED_ID=$(jq -r '.application_credential.id' <<< "$seeded")
# Keystone shows the secret only at creation and the secret is ours anyway:
# only a (re)created credential's new id needs storing.
[[ $APP_CRED_ID == "${USER_A_APP_CRED_ID:-}" ]] || store_secret USER_A_APP_CRED_ID "$APP_CRED_ID"

"$RT_BIN/start-sahara.sh"

token_for() { # USER PASSWORD_VAR PROJECT -> token on stdout, for capture only
  # Exported in a subshell: `env NAME=value` would show the password in the process list.
  ( export "$2"; "$SYS_PYTHON" "$RT_BIN/keystone_token.py" "$KEYSTONE_URL" "$1" "$2" "$3" )
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

# clouds.yaml as openstacksdk (and the openstack CLI) reads it: reference-a is
# user-a's application credential (scoped to proj-a by the credential itself),
# reference-b is user-b's password on proj-b. Every value double-quoted, so
# YAML never reads an id as a number.
q() { local v=${1//\\/\\\\}; printf '"%s"' "${v//\"/\\\"}"; }
clouds_file=$RT_VAR/clouds.yaml
( umask 077
  cat > "$clouds_file.tmp" <<YAML
# Written by reference-target/up.sh; rewritten on every run. Holds secrets.
clouds:
  reference-a:
    auth_type: v3applicationcredential
    auth:
      auth_url: $(q "$KEYSTONE_URL/v3")
      application_credential_id: $(q "$APP_CRED_ID")
      application_credential_secret: $(q "$USER_A_APP_CRED_SECRET")
    region_name: RegionOne
    interface: public
    identity_api_version: 3
  reference-b:
    auth_type: password
    auth:
      auth_url: $(q "$KEYSTONE_URL/v3")
      username: user-b
      password: $(q "$USER_B_PASSWORD")
      project_name: proj-b
      user_domain_name: Default
      project_domain_name: Default
    region_name: RegionOne
    interface: public
    identity_api_version: 3
YAML
  mv "$clouds_file.tmp" "$clouds_file" )

# For a client that finds Sahara through Keystone's catalog: the clouds and the
# fixture ids only - no base URL, no token, no project id, no password.
# write_private FILE < text: replaces FILE (mode 0600) with the text, never half-written.
write_private() { ( umask 077; cat > "$1.tmp"; mv "$1.tmp" "$1" ); }
two_clouds="OS_CLIENT_CONFIG_FILE=$clouds_file
OS_CLOUD=reference-a
CONFORMANCE_OTHER_OS_CLOUD=reference-b"
os_cloud_file=$RT_VAR/os-cloud.env
write_private "$os_cloud_file" <<ENV
$two_clouds
CONFORMANCE_PROFILE=sahara
CONFORMANCE_FIXTURE=sahara-execute
CONFORMANCE_JOB_ID=$JOB_A_ID
CONFORMANCE_CLUSTER_ID=$CLUSTER_A_ID
CONFORMANCE_PENDING_CLUSTER_ID=$PENDING_CLUSTER_ID
CONFORMANCE_DELETE_TIMEOUT_MS=10000
CONFORMANCE_LONG_DELETE_TIMEOUT_MS=420000
ENV

# Zero configuration (issue 24): the two clouds and nothing else but the one id the fake plugin
# makes necessary - it finishes every job at once, so a job execution that stays running needs
# the Waiting cluster. The run finds the Active cluster and makes its own Shell job.
zero_config_file=$RT_VAR/zero-config.env
write_private "$zero_config_file" <<ENV
$two_clouds
CONFORMANCE_PENDING_CLUSTER_ID=$PENDING_CLUSTER_ID
ENV

# Only non-secret values are shown; passwords and tokens stay in the file.
cat <<SUMMARY
reference target is up (Keystone pid $(pid_of keystone), Sahara pid $(pid_of sahara), MariaDB pid $(pid_of mariadb))
  env file:           $env_file   (contains passwords and 12 h tokens; mode 0600)
  clouds.yaml:        $clouds_file   (reference-a: user-a's application credential, reference-b: user-b's password; mode 0600)
  os-cloud env file:  $os_cloud_file   (OS_CLIENT_CONFIG_FILE, OS_CLOUD=reference-a, fixture ids; no URL, no secret)
  zero-config file:   $zero_config_file   (the two clouds and CONFORMANCE_PENDING_CLUSTER_ID only)
  Sahara:             $SAHARA_URL
  Keystone:           $KEYSTONE_URL/v3
  proj-a / user-a:    $PROJECT_A_ID
  proj-b / user-b:    $PROJECT_B_ID
  app credential:     $APP_CRED_ID (conformance-reference, user-a on proj-a)
  catalog:            sahara ($SAHARA_SERVICE_ID), data-processing, RegionOne public + internal: $SAHARA_URL/v1.1/%(tenant_id)s
  job A / cluster A:  $JOB_A_ID / $CLUSTER_A_ID (Active)
  job B / cluster B:  $JOB_B_ID / $CLUSTER_B_ID (Active)
  pending cluster A:  $PENDING_CLUSTER_ID (Waiting: its job executions stay PENDING)
  logs:               $RT_LOG/
  apt: ${apt_seconds}s   total: $((SECONDS - started))s
SUMMARY
