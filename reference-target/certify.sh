#!/bin/bash
# The reference run: bring up real Keystone + Sahara, run the conformance suite against it three
# times (the verdict must not change), run the long path (a running job execution: TOBEKILLED for
# Sahara's job_canceling_timeout, then 404), compare the mock with the real server step by step,
# and tear everything down again - also when something fails. Prints each phase's duration.
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
# Where this run's part of Sahara's logs begins (up.sh may reuse a running Sahara and its logs).
sahara_log="$here/var/log/sahara.log"; sahara_out="$here/var/log/sahara-all.out"
log_from=$(($(wc -l < "$sahara_log" 2>/dev/null || echo 0) + 1)); out_from=$(($(wc -l < "$sahara_out" 2>/dev/null || echo 0) + 1))
# One worker: Sahara 16 answers occasional empty 500s and loses deletes more often under
# concurrent load; the certification is about answers, not about load.
export CONFORMANCE_WORKERS=${CONFORMANCE_WORKERS:-1}
status=0; verdicts=(); totals=()
run_suite() { # NAME EXTRA-ARGS...
  local name=$1; shift
  local t=$SECONDS
  CONFORMANCE_REPORT_DIR="$out/$name" npx playwright test --project=conformance \
    --reporter=./reporters/json-report-reporter.ts,./reporters/console-verdict-reporter.ts,./reporters/plain-totals-reporter.ts \
    "$@" > "$out/$name.log" 2>&1 || status=1
  phase "suite $name" $((SECONDS - t))
  verdicts+=("$(node -e 'const r=require(process.argv[1]);console.log(r.verdict+" "+r.requirements.filter(q=>q.level==="MUST").map(q=>q.id+"="+q.outcome).join(","))' "$out/$name/report.json" 2>/dev/null || echo missing)")
  totals+=("$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out/$name.log" | tail -1)")
  sed -n '/^Requirements/,/^Verdict/p' "$out/$name.log" | sed 's/^/  /'
}

# The mock-vs-real comparison goes first; its create/delete cycles also warm Sahara's engine up.
t=$SECONDS
npx tsx scripts/differential-check.ts "$CONFORMANCE_ENV_FILE" | tee "$out/differential.log" || status=1
phase "differential check" $((SECONDS - t))

for n in 1 2 3; do run_suite "run-$n" --grep-invert @long; done
if [[ "${verdicts[0]}" != "${verdicts[1]}" || "${verdicts[1]}" != "${verdicts[2]}" ]]; then
  echo "certify: the verdict changed between three runs against the same Sahara:" >&2
  printf '  %s\n' "${verdicts[@]}" >&2
  status=1
fi
# The three runs leave out the long path (JEX-DEL-008, checked below), so every other MUST must pass.
others_not_passed=$(tr ',' '\n' <<< "${verdicts[0]#* }" | grep -v -e '=passed$' -e '^JEX-DEL-008=' || true)
[[ -z "$others_not_passed" ]] || { echo "certify: real Sahara failed MUST requirements: $others_not_passed" >&2; status=1; }

run_suite long --grep @long
[[ "${verdicts[3]}" == *JEX-DEL-008=passed* ]] || { echo "certify: the long path did not pass: ${verdicts[3]}" >&2; status=1; }

phase "reference run in all" $((SECONDS - started))
# Faults of the platform under Sahara, not of the contract (reference-target/README.md, "Sahara 16
# on bookworm"): printed so that a failed reference run can be told apart from a suite defect.
lost_context=$(tail -n "+$log_from" "$sahara_log" 2>/dev/null | grep -c "status code 500 and message 'Internal Server Error': RuntimeError: Working outside of request context" || true)
greenlet_faults=$(tail -n "+$out_from" "$sahara_out" 2>/dev/null | grep -c 'returned NULL without setting an exception' || true)
echo "[certify] Sahara platform faults: ${lost_context:-0} empty 500 (lost Flask context), ${greenlet_faults:-0} greenlet switch errors"

printf '%s\n' "${totals[@]}" | awk -F'[ ,]+' '{p+=$1; f+=$3; s+=$5} END {printf "%d passed, %d failed, %d skipped\n", p, f, s}'
exit $status
