#!/bin/bash
# The reference run: bring up real Keystone + Sahara, run the conformance suite against it three
# times (the verdict must not change), run the long path (a running job execution: TOBEKILLED for
# Sahara's job_canceling_timeout, then 404), compare the mock with the real server step by step,
# drive the official clients (python-saharaclient, openstack dataprocessing) against the mock and
# the real server and compare, and tear everything down again - also when something fails. Prints each phase's duration. A
# phase that falls short while Sahara logs a platform fault is set aside and repeated (see run_suite).
# The last line is the plain totals line of the Playwright runs: "N passed, N failed, N skipped".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
cd "$root"
out=${CERTIFY_OUT:-$root/conformance-report/reference}
rm -rf "$out"; mkdir -p "$out"
started=$SECONDS
phase() { printf '[certify] %-28s %4ss\n' "$1" "$2"; }
trap 'bash "$here/down.sh" >/dev/null 2>&1 || true' EXIT

t=$SECONDS
if ! bash "$here/up.sh" > "$out/up.log" 2>&1; then
  echo "certify: bringing up the reference target failed; see $out/up.log" >&2
  tail -5 "$out/up.log" >&2
  exit 1
fi
phase "bring-up (apt included)" $((SECONDS - t))
grep -E '^\[up\].*(apt|took|seconds)' "$out/up.log" | sed 's/^/  /' || true

export CONFORMANCE_ENV_FILE="$here/var/conformance.env"
# Platform faults of Sahara 16 on bookworm (reference-target/README.md, "Sahara 16 on bookworm"):
# an empty 500 from a lost Flask context, and a greenthread switch that fails inside eventlet's hub
# (what that greenthread was doing never resumes). The launcher prevents both; they are counted in the part of Sahara's logs written since a
# mark (up.sh may reuse a running Sahara and its logs).
sahara_log="$here/var/log/sahara.log"; sahara_out="$here/var/log/sahara-all.out"
log_mark() { echo "$(($(wc -l < "$sahara_log" 2>/dev/null || echo 0) + 1)) $(($(wc -l < "$sahara_out" 2>/dev/null || echo 0) + 1))"; }
lost_contexts_since() { tail -n "+$1" "$sahara_log" 2>/dev/null | grep -c "status code 500 and message 'Internal Server Error': RuntimeError: Working outside of request context" || true; }
greenlet_faults_since() { tail -n "+$1" "$sahara_out" 2>/dev/null | grep -c 'returned NULL without setting an exception' || true; }
# Not the platform but Sahara 16 itself: when the fake engine marks a job SUCCEEDED while
# cancel_job holds it at TOBEKILLED, cancel_job's own log call raises (LOG.info(...).format on None)
# and the deleting thread dies: the DELETE, answered 204, is lost for good (seen in 1 of 16 DELETEs
# sent right after the creation). The suite rightly fails JEX-DEL-103 then; the reference run sets
# such a run aside like a platform fault, and says so.
lost_deletes_since() { tail -n "+$1" "$sahara_log" 2>/dev/null | grep -c "Deleting Job Execution.*'NoneType' object has no attribute 'format'" || true; }
faults_since() { # MARK -> the number of platform faults (and lost-DELETE defects) logged since MARK
  local mark=($1); echo $(( $(lost_contexts_since "${mark[0]}") + $(greenlet_faults_since "${mark[1]}") + $(lost_deletes_since "${mark[0]}") ))
}
run_mark=$(log_mark)
# One worker: Sahara 16 answers occasional empty 500s and loses deletes more often under
# concurrent load; the certification is about answers, not about load.
export CONFORMANCE_WORKERS=${CONFORMANCE_WORKERS:-1}
status=0; verdicts=(); totals=()
must_verdict() { node -e 'const r=require(process.argv[1]);console.log(r.verdict+" "+r.requirements.filter(q=>q.level==="MUST").map(q=>q.id+"="+q.outcome).join(","))' "$1/report.json" 2>/dev/null || echo missing; }
# What a run must show on the reference implementation: the three runs leave out the long path
# (the @long tests: JEX-DEL-008 and JEX-DEL-103, checked on their own), so every other MUST
# passes; the long path passes both; the zero-configuration run is the whole suite, so it must
# pass every MUST (both at once).
meets_expectation() { # KIND (run, long or whole) VERDICT
  case $1 in
    long) [[ $2 == *JEX-DEL-008=passed* && $2 == *JEX-DEL-103=passed* ]] ;;
    whole) meets_expectation long "$2" && meets_expectation run "$2" ;;
    *) [[ -z "$(tr ',' '\n' <<< "${2#* }" | grep -v -e '=passed$' -e '^JEX-DEL-008=' -e '^JEX-DEL-103=')" ]] ;;
  esac
}
expectation_of() { case $1 in long) echo long ;; run-4-zero-config) echo whole ;; *) echo run ;; esac; }
# A run that falls short of that while Sahara logged a platform fault says nothing about the
# contract: it is set aside (printed, not counted) and run again, at most four times (the
# zero-configuration run - the whole suite on two workers - met Sahara's own lost DELETE in 2 of 4
# CI runs: three attempts would still fail about one CI in eight). A run that falls
# short without a platform fault is the reference implementation's verdict and stands.
run_suite() { # NAME EXTRA-ARGS...
  local name=$1; shift
  local attempt mark faults verdict t dir
  for attempt in 1 2 3 4 5; do
    t=$SECONDS; mark=$(log_mark); dir="$out/$name"
    [[ $attempt -gt 1 ]] && dir="$out/$name-attempt-$attempt"
    CONFORMANCE_REPORT_DIR="$dir" npx playwright test --project=conformance \
      --reporter=./reporters/json-report-reporter.ts,./reporters/console-verdict-reporter.ts,./reporters/plain-totals-reporter.ts \
      "$@" > "$dir.log" 2>&1
    local rc=$?
    phase "suite $name$([[ $attempt -gt 1 ]] && echo " (again)")" $((SECONDS - t))
    verdict=$(must_verdict "$dir"); faults=$(faults_since "$mark")
    if ! meets_expectation "$(expectation_of "$name")" "$verdict" && [[ $faults -gt 0 && $attempt -lt 5 ]]; then
      echo "[certify] $name: set aside - Sahara logged $faults platform fault(s) during it and it fell short ($verdict); see $dir.log. Running it again."
      continue
    fi
    [[ $rc -eq 0 ]] || status=1
    verdicts+=("$verdict")
    totals+=("$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$dir.log" | tail -1)")
    sed -n '/^Requirements/,/^Verdict/p' "$dir.log" | sed 's/^/  /'
    return
  done
}

# A mock-versus-real comparison: set aside and repeated, like every phase here, only when Sahara
# logged a platform fault during it. The command gets the attempt's name (its log and folder).
compare_phase() { # NAME TITLE COMMAND... ; the command's arguments may use {dir}
  local name=$1 title=$2; shift 2
  local attempt t mark faults dir rc
  for attempt in 1 2 3; do
    t=$SECONDS; mark=$(log_mark); dir="$out/$name$([[ $attempt -gt 1 ]] && echo "-attempt-$attempt")"
    "${@//\{dir\}/$dir}" 2>&1 | tee "$dir.log"
    rc=${PIPESTATUS[0]}
    phase "$title" $((SECONDS - t))
    faults=$(faults_since "$mark")
    [[ $rc -ne 0 && $faults -gt 0 && $attempt -lt 3 ]] || break
    echo "[certify] $title: set aside - Sahara logged $faults platform fault(s) during it. Running it again."
  done
  return "$rc"
}

# The official clients first, while project A holds nothing but what they create (their list
# pages are compared): python-saharaclient and `openstack dataprocessing job` against the mock
# (--quirks sahara16) and this Sahara, call by call. Its create/delete cycles also warm Sahara's
# engine up.
compare_phase client-differential "client differential" bash "$here/client-differential/run.sh" "$CONFORMANCE_ENV_FILE" "{dir}" \
  || { echo "certify: the mock answers the official clients differently from this Sahara (see above)" >&2; status=1; }
# Then the suite's own step-by-step comparison of the mock and the real server.
compare_phase differential "differential check" npx tsx scripts/differential-check.ts "$CONFORMANCE_ENV_FILE" || status=1

for n in 1 2; do run_suite "run-$n" --grep-invert @long; done
# The third run is configured as an OpenStack operator's would be (var/os-cloud.env): OS_CLOUD and
# a clouds.yaml (an application credential for the first tenant, a password for the second), the
# fixture ids, no CONFORMANCE_BASE_URL - the address comes from Keystone's service catalog.
CONFORMANCE_ENV_FILE="$here/var/os-cloud.env" run_suite "run-3-os-cloud" --grep-invert @long
last_log() { ls -t "$out/$1"*.log 2>/dev/null | head -1; }
grep -h '^conformance: target' "$(last_log run-3-os-cloud)" | sed 's/^/  /'
certified() { grep -h '^Verdict' "$(last_log "$1")" | sed 's/^Verdict: [A-Z-]* //'; }
if ! grep -q '^conformance: target .* from the service catalog of OS_CLOUD=' "$(last_log run-3-os-cloud)" || [[ "$(certified run-3-os-cloud)" != "$(certified run-1)" ]]; then
  echo "certify: the OS_CLOUD run did not certify the catalog's Sahara ($(certified run-3-os-cloud), not $(certified run-1))" >&2
  status=1
fi
if [[ "${verdicts[0]}" != "${verdicts[1]}" || "${verdicts[1]}" != "${verdicts[2]}" ]]; then
  echo "certify: the verdict changed between three runs against the same Sahara:" >&2
  printf '  %s\n' "${verdicts[@]}" >&2
  status=1
fi
for v in "${verdicts[@]}"; do
  meets_expectation run "$v" || { echo "certify: real Sahara failed MUST requirements: $v" >&2; status=1; break; }
done

# The two @long tests wait for Sahara's job_canceling_timeout (300 s) side by side, not one after the other.
CONFORMANCE_WORKERS=2 run_suite long --grep @long
meets_expectation long "${verdicts[3]}" || { echo "certify: the long path did not pass: ${verdicts[3]}" >&2; status=1; }

# The fourth run (issue 24): zero configuration - the two clouds and CONFORMANCE_PENDING_CLUSTER_ID
# only (var/zero-config.env). The run finds the Active cluster, makes its own Shell job (internal
# binary, job binary, job) and removes it; the whole suite, the long path included. Every MUST
# passes as in the other runs, and project A holds afterwards exactly what it held before.
project_a_holds() (
  source "$here/bin/lib.sh"
  project=$(sed -n 's/^CONFORMANCE_PROJECT_ID=//p' "$here/var/conformance.env")
  sql -N -B sahara -e "SELECT CONCAT((SELECT COUNT(*) FROM job_executions WHERE tenant_id='$project'), ' job executions, ', (SELECT COUNT(*) FROM jobs WHERE tenant_id='$project'), ' jobs, ', (SELECT COUNT(*) FROM job_binaries WHERE tenant_id='$project'), ' job binaries, ', (SELECT COUNT(*) FROM job_binary_internal WHERE tenant_id='$project'), ' internal binaries')"
)
held_before=$(project_a_holds)
CONFORMANCE_WORKERS=2 CONFORMANCE_ENV_FILE="$here/var/zero-config.env" run_suite run-4-zero-config
held_after=$(project_a_holds)
grep -h -e '^conformance: \(cluster\|made\)' -e '^Run ' "$(last_log run-4-zero-config)" | sed 's/^/  /'
echo "[certify] run-4-zero-config: project A held $held_before before, $held_after after"
meets_expectation whole "${verdicts[4]}" \
  || { echo "certify: the zero-configuration run did not pass every MUST: ${verdicts[4]}" >&2; status=1; }
[[ "${verdicts[4]#* }" == "$(sed 's/JEX-DEL-008=skipped/JEX-DEL-008=passed/; s/JEX-DEL-103=skipped/JEX-DEL-103=passed/' <<< "${verdicts[0]#* }")" ]] \
  || { echo "certify: the zero-configuration run's MUSTs differ from run-1's: ${verdicts[4]} / ${verdicts[0]}" >&2; status=1; }
[[ "$held_before" == "$held_after" ]] || { echo "certify: the zero-configuration run left something behind in project A: $held_before before, $held_after after" >&2; status=1; }

# The certifier's path on the zero-configuration run - the whole suite in one run, so the one that
# can be CERTIFIED (issues 15, 25): a bundle signed with a key made for it
# here, claiming the deployment in the catalog's form (a loopback address, so bundled with
# --allow-private-target); verified against a trusted-keys file that lists the key for the vendor;
# added to a register, whose page is built (and every entry verified again). Nothing is sent to Sahara.
certify_bundle() {
  local key="$out/bundle-key.pem" run_dir base project
  # The last attempt is the one that counts (an earlier one was set aside for a platform fault).
  run_dir=$(ls -td "$out"/run-4-zero-config*/ | head -1)
  base=$(sed -n 's/^CONFORMANCE_BASE_URL=//p' "$here/var/conformance.env")
  project=$(sed -n 's/^CONFORMANCE_PROJECT_ID=//p' "$here/var/conformance.env")
  node -e 'const c=require("node:crypto"),f=require("node:fs");const k=c.generateKeyPairSync("ed25519");f.writeFileSync(process.argv[1],k.privateKey.export({type:"pkcs8",format:"pem"}),{mode:0o600});f.writeFileSync(process.argv[1]+".pub",k.publicKey.export({type:"spki",format:"pem"}))' "$key"
  printf 'vendor: OpenStack\nproduct: Sahara\nversion: "16"\ndeployment: %s/v1.1/%s\nregion: RegionOne\nprofile: sahara\ncontact: the conformance suite team\n' "$base" "$project" > "$out/PRODUCT.yaml"
  rm -rf "$out/bundle" "$out/register" "$out/register-site"
  mkdir -p "$out/register"
  printf '"OpenStack" ed25519 %s\n' "$(openssl pkey -pubin -in "$key.pub" -outform DER | base64 -w0)" > "$out/register/trusted-keys"
  node bin/sahara-conformance.cjs bundle "$out/bundle" --product "$out/PRODUCT.yaml" --report-dir "$run_dir" --sign-key "$key" --allow-private-target \
    && node bin/sahara-conformance.cjs verify "$out/bundle" --trusted-keys "$out/register/trusted-keys" \
    && node bin/sahara-conformance.cjs register add "$out/bundle" --register "$out/register" \
    && node bin/sahara-conformance.cjs register build "$out/register" --out "$out/register-site"
}
certify_bundle 2>&1 | sed 's/^/[certify] bundle: /'
[[ ${PIPESTATUS[0]} -eq 0 ]] || { echo "certify: the reference run's certification bundle does not verify, or cannot be registered" >&2; status=1; }

phase "reference run in all" $((SECONDS - started))
# Printed so that a failed reference run can be told apart from a suite defect.
mark=($run_mark)
echo "[certify] Sahara platform faults: $(lost_contexts_since "${mark[0]}") empty 500 (lost Flask context), $(greenlet_faults_since "${mark[1]}") greenlet switch errors; Sahara's own lost DELETEs (cancel_job log error): $(lost_deletes_since "${mark[0]}")"

printf '%s\n' "${totals[@]}" | awk -F'[ ,]+' '{p+=$1; f+=$3; s+=$5} END {printf "%d passed, %d failed, %d skipped\n", p, f, s}'
exit $status
