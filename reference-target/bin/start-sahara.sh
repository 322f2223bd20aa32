#!/bin/bash
# Brings Sahara's schema to head (once) and starts (or reuses) sahara-all:
# API and engine in one process tree. The engine matters: with the API alone
# a DELETE answers 204 and the job execution is never actually removed.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

if [[ ! -e $RT_STATE/sahara-db.migrated ]]; then
  say "sahara-db-manage upgrade head"
  sahara-db-manage --config-file "$RT_ETC/sahara.conf" upgrade head >> "$RT_LOG/sahara-db-manage.log" 2>&1 \
    || die "Sahara migrations failed, see $RT_LOG/sahara-db-manage.log"
  touch "$RT_STATE/sahara-db.migrated"
fi

if is_running sahara; then
  say "Sahara already running (pid $(pid_of sahara))"
else
  say "starting sahara-all on 127.0.0.1:$SAHARA_PORT"
  # A non-interactive shell's background job is not a group leader, so
  # setsid execs in place: $! is the launcher itself, now leading its own
  # process group (which also holds the oslo.service API worker it forks).
  setsid "$SYS_PYTHON" "$RT_BIN/sahara_launcher.py" --config-file "$RT_ETC/sahara.conf" \
    >> "$RT_LOG/sahara-all.out" 2>&1 < /dev/null &
  echo $! > "$RT_RUN/sahara.pid"
fi
# The version document at / needs no token: proves the socket is served.
wait_for 90 "Sahara on $SAHARA_URL" lcurl -o /dev/null "$SAHARA_URL/" \
  || die "Sahara did not answer on $SAHARA_URL, see $RT_LOG/sahara-all.out and $RT_LOG/sahara.log"
is_running sahara || die "sahara-all exited, see $RT_LOG/sahara-all.out"
