#!/usr/bin/env bash
# The package as a user gets it (issue 7, item 4): `npm pack`, install the tarball into an empty
# folder, then through npx only: --help, --list, --version, cleanup --help, start the packaged mock,
# run the suite against it, which must end CONFORMANT (exit 0) with its reports written, and the
# cleanup command the suite's messages name, a run in two shards merged into one verdict, the
# fleet summary and a dry run. Nothing outside a temporary
# folder is touched; the mock is stopped by its own pid. Ends with "N passed, N failed, 0 skipped"
# (the form .ci/run adds up); exit 0 only when every check passed.
# Usage: bash scripts/check-packed-tarball.sh   (from anywhere; npm reaches the registry for the
# package's dependencies, from its cache when it can)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
mock_pid=
passed=0
failed=0
cleanup() {
  # npx runs the mock in a child of its own: stop the whole process group this script started.
  if [[ -n "$mock_pid" ]]; then
    kill -- "-$mock_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 -- "-$mock_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$mock_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

check() { # check NAME COMMAND...: runs it, records the outcome, shows the output only on failure
  local name=$1; shift
  if "$@" >"$work/out.txt" 2>&1; then
    echo "ok   $name"; passed=$((passed + 1))
  else
    echo "FAIL $name (exit $?)"; sed 's/^/     | /' "$work/out.txt" | tail -40; failed=$((failed + 1))
  fi
}

bin=$(node -p "Object.keys(require('$repo/package.json').bin ?? {})[0] ?? ''")
if [[ -z "$bin" ]]; then
  echo "FAIL package.json has no \"bin\": nothing for npx to run"
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

echo "--- npm pack"
tarball=$(cd "$repo" && npm pack --silent --pack-destination "$work" | tail -1)
tar -tzf "$work/$tarball" | sed 's#^package/##' | sort >"$work/contents.txt"
echo "$tarball: $(wc -l <"$work/contents.txt") files"

has_files() { for f in "$@"; do grep -qx "$f" "$work/contents.txt" || { echo "missing from the tarball: $f"; return 1; }; done; }
has_none_under() { for d in "$@"; do if grep -q "^$d" "$work/contents.txt"; then echo "in the tarball but not for users: $d"; return 1; fi; done; }
check "the tarball holds the command line, suite, mock, reporters and contract" \
  has_files package.json README.md playwright.config.ts .env.example "$(node -p "require('$repo/package.json').bin['$bin']")" \
  spec/job-executions.openapi.yaml spec/requirements.yaml mock/cli.ts lib/run/global-setup.ts reporters/json-report-reporter.ts certification/verify-bundle.ts build-info.json
check "the tarball leaves out self-tests, benchmark, CI and the reference target" \
  has_none_under tests/self/ bench/ .ci/ reference-target/ node_modules/ conformance-report/ test-results/

echo "--- install into an empty folder"
mkdir "$work/consumer"
cd "$work/consumer"
echo '{"name":"consumer","version":"1.0.0","private":true}' >package.json
check "npm install of the tarball" npm install --no-audit --no-fund --prefer-offline "$work/$tarball"

echo "--- npx $bin"
check "npx $bin --help documents the exit codes" bash -c "npx --no -- $bin --help | grep -q 'Exit codes'"
check "npx $bin --list prints the catalogue" bash -c "npx --no -- $bin --list | tee /dev/stderr | grep -q '^JEX-DEL-001 '"
check "npx $bin with an unknown option exits 3" bash -c "npx --no -- $bin --no-such-option; test \$? -eq 3"
version=$(node -p "require('$repo/package.json').version")
commit=$(git -C "$repo" rev-parse HEAD)
check "npx $bin --version names the version and the commit the tarball was built from" \
  bash -c "npx --no -- $bin --version | tee /dev/stderr | grep -q ' $version (.*, commit $commit'"
check "npx $bin cleanup --help documents the cleanup command" bash -c "npx --no -- $bin cleanup --help | grep -q 'usage: $bin cleanup RUN_ID'"

setsid npx --no -- "$bin" mock --port 0 --write-env "$work/consumer/.env.mock" >"$work/mock.log" 2>&1 &
mock_pid=$!
for _ in $(seq 1 100); do grep -q 'mock listening on' "$work/mock.log" && break; sleep 0.2; done
check "npx $bin mock starts the packaged mock" grep -q 'mock listening on http://127.0.0.1:' "$work/mock.log"

check "npx $bin against the packaged mock: CONFORMANT, exit 0" \
  npx --no -- "$bin" --env-file .env.mock --report-dir "$work/consumer/report"
check "the run wrote report.json and junit.xml" test -s "$work/consumer/report/report.json" -a -s "$work/consumer/report/junit.xml"
check "report.json records the suite's commit" bash -c "grep -q '\"commit\": \"$commit' '$work/consumer/report/report.json'"
run_id=$(node -p "require('$work/consumer/report/report.json').runId")
check "npx $bin cleanup <run id> --dry-run, as the suite's messages say: finds nothing left of a clean run" \
  bash -c "npx --no -- $bin cleanup $run_id --dry-run --env-file .env.mock | tee /dev/stderr | grep -q '^0 job execution(s) of run $run_id'"

check "npx $bin --shard 1/2 and 2/2, then merge: one CONFORMANT verdict, exit 0" bash -c "
  npx --no -- $bin --env-file .env.mock --shard 1/2 --report-dir '$work/consumer/shard-1' &&
  npx --no -- $bin --env-file .env.mock --shard 2/2 --report-dir '$work/consumer/shard-2' &&
  npx --no -- $bin merge '$work/consumer/shard-1' '$work/consumer/shard-2' --report-dir '$work/consumer/merged' | tail -2 | grep -q '^Verdict: CONFORMANT'"

check "npx $bin summary of the merged and the unsharded run: one table, summary.md and summary.html" bash -c "
  npx --no -- $bin summary '$work/consumer/merged' '$work/consumer/report' --out '$work/consumer/fleet' | tee /dev/stderr | grep -c '| CONFORMANT |' | grep -qx 2 &&
  test -s '$work/consumer/fleet/summary.html'"
check "npx $bin --dry-run lists the requests and sends none: exit 0" bash -c "npx --no -- $bin --env-file .env.mock --dry-run --grep JEX-DEL-001 | tail -1 | grep -q '^Dry run: no verdict'"

echo "packed tarball checks:"
echo "$passed passed, $failed failed, 0 skipped"
[[ $failed -eq 0 ]]
