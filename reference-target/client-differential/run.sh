#!/bin/bash
# The official clients against the mock and against one real Sahara, compared call by call.
#   bash reference-target/client-differential/run.sh REAL_ENV_FILE OUT_DIR
# Starts its own mock (--quirks sahara16, and Sahara's 300 s hold of a job cancelled while PENDING)
# on a free port, drives python-saharaclient and `openstack dataprocessing job` against both, and
# prints "client differential: N calls compared, M differences" (every difference above it).
# Exit 0 with no difference, 1 with some, 3 when it cannot run (a missing package, a mock that
# does not start).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
real_env=${1:?usage: run.sh REAL_ENV_FILE OUT_DIR}
out=${2:?usage: run.sh REAL_ENV_FILE OUT_DIR}
mkdir -p "$out"
# Debian's packages are only visible to Debian's interpreter (not to a pyenv or venv one).
python=/usr/bin/python3
if ! "$python" -c 'import saharaclient, openstackclient' 2>/dev/null; then
  echo "client differential: python3-saharaclient and python3-openstackclient are not installed; run reference-target/bin/install-packages.sh" >&2
  exit 3
fi

mock_env="$out/client-mock.env"
rm -f "$mock_env"
# One process (node with tsx's loader, not the npx/tsx wrappers), so that the trap's kill reaches the mock.
(cd "$root" && exec node --import tsx mock/cli.ts --port 0 --quirks sahara16 --delete-delay-ms 300000 --write-env "$mock_env") > "$out/client-mock.log" 2>&1 &
mock_pid=$!
trap 'kill "$mock_pid" 2>/dev/null; wait "$mock_pid" 2>/dev/null' EXIT
for _ in $(seq 100); do [[ -s $mock_env ]] && break; sleep 0.2; done
if [[ ! -s $mock_env ]]; then
  echo "client differential: the mock did not start; see $out/client-mock.log" >&2
  exit 3
fi

"$python" "$here/drive_client.py" --env "$mock_env" --out "$out/client-mock.jsonl" || exit 3
"$python" "$here/drive_client.py" --env "$real_env" --out "$out/client-real.jsonl" || exit 3
"$python" "$here/compare.py" "$out/client-real.jsonl" "$out/client-mock.jsonl" > "$out/client-differential.txt"
rc=$?
# Every difference, both sides quoted, then the count.
[[ $rc -eq 0 ]] || sed -n '/^DIFF /,$p' "$out/client-differential.txt" | sed '$d'
echo "client differential: $(tail -1 "$out/client-differential.txt")"
exit $rc
