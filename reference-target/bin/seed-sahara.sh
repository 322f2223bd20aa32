#!/bin/bash
# Ensures Sahara holds the conformance fixtures, idempotently:
#   - cluster rows (fake plugin 0.1) written straight into Sahara's database,
#     because creating a cluster through the API needs Nova/Glance/Heat;
#   - one Shell job per project, made through Sahara's REST API
#     (job-binary-internal -> job-binary -> job).
# Needs PROJECT_A_ID, PROJECT_B_ID, TOKEN_A, TOKEN_B in the environment.
# Prints KEY=value lines with the resulting ids (nothing secret).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
: "${PROJECT_A_ID:?}" "${PROJECT_B_ID:?}" "${TOKEN_A:?}" "${TOKEN_B:?}"

# ensure_cluster PROJECT_ID NAME STATUS -> id. (name, tenant_id) is unique in
# Sahara's schema, so a re-run finds the row and only re-asserts the status.
# A cluster that is not 'Active' accepts /execute (202) but its job
# executions stay PENDING for good: the way to reach Sahara's TOBEKILLED path.
ensure_cluster() {
  local project=$1 name=$2 status=$3 new_id
  new_id=$(< /proc/sys/kernel/random/uuid)   # random (v4) like Sahara's own ids
  sql sahara <<SQL
INSERT INTO clusters
  (id, created_at, name, description, tenant_id, is_transient, plugin_name, hadoop_version,
   cluster_configs, anti_affinity, anti_affinity_ratio, management_private_key,
   management_public_key, status, status_description, info, extra, rollback_info,
   sahara_info, use_autoconfig, shares, is_public, is_protected)
VALUES
  ('$new_id', UTC_TIMESTAMP(), '$name', 'reference-target fixture, inserted directly (no Nova here)',
   '$project', 0, 'fake', '0.1', '{}', '[]', 1, 'not-a-real-key', 'not-a-real-key',
   '$status', '', '{}', '{}', '{}', '{}', 1, '[]', 0, 0)
ON DUPLICATE KEY UPDATE status = VALUES(status);
SQL
  sql -N -B sahara -e "SELECT id FROM clusters WHERE tenant_id='$project' AND name='$name'"
}

# sahara_call TOKEN METHOD PATH [curl args...] -> response body; fails on HTTP >= 400.
# The token reaches curl through a file descriptor, never through argv.
sahara_call() {
  local token=$1 method=$2 path=$3; shift 3
  lcurl -f -X "$method" -H @<(printf 'X-Auth-Token: %s\n' "$token") "$@" "$SAHARA_URL$path"
}

# ensure_shell_job TOKEN PROJECT_ID NAME -> id of the Shell job NAME in PROJECT_ID.
ensure_shell_job() {
  local token=$1 project=$2 name=$3 id binary_internal binary unique
  id=$(sahara_call "$token" GET "/v1.1/$project/jobs" \
        | jq -r --arg n "$name" '[.jobs[] | select(.name == $n)][0].id // empty')
  if [[ -z $id ]]; then
    # Binaries get a unique name so a run that died half-way cannot collide.
    unique=$name-$(date +%s%N).sh
    binary_internal=$(printf '#!/bin/sh\necho reference-target\n' \
      | sahara_call "$token" PUT "/v1.1/$project/job-binary-internals/$unique" \
          -H 'Content-Type: application/octet-stream' --data-binary @- \
      | jq -r .job_binary_internal.id)
    binary=$(jq -cn --arg n "$unique" --arg u "internal-db://$binary_internal" '{name: $n, url: $u}' \
      | sahara_call "$token" POST "/v1.1/$project/job-binaries" -H 'Content-Type: application/json' -d @- \
      | jq -r .job_binary.id)
    id=$(jq -cn --arg n "$name" --arg b "$binary" '{name: $n, type: "Shell", mains: [$b], libs: []}' \
      | sahara_call "$token" POST "/v1.1/$project/jobs" -H 'Content-Type: application/json' -d @- \
      | jq -r .job.id)
    say "created Shell job $name in project $project"
  fi
  [[ $id =~ ^[0-9a-f-]{36}$ ]] || die "could not obtain Shell job $name in project $project"
  echo "$id"
}

cluster_a=$(ensure_cluster "$PROJECT_A_ID" refcluster-a-active Active)
cluster_b=$(ensure_cluster "$PROJECT_B_ID" refcluster-b-active Active)
cluster_pending=$(ensure_cluster "$PROJECT_A_ID" refcluster-a-waiting Waiting)
job_a=$(ensure_shell_job "$TOKEN_A" "$PROJECT_A_ID" refjob-a-shell)
job_b=$(ensure_shell_job "$TOKEN_B" "$PROJECT_B_ID" refjob-b-shell)
for id in "$cluster_a" "$cluster_b" "$cluster_pending"; do
  [[ $id =~ ^[0-9a-f-]{36}$ ]] || die "a fixture cluster row is missing"
done
printf '%s\n' "CLUSTER_A_ID=$cluster_a" "CLUSTER_B_ID=$cluster_b" \
  "PENDING_CLUSTER_ID=$cluster_pending" "JOB_A_ID=$job_a" "JOB_B_ID=$job_b"
