#!/bin/bash
# Prepares Keystone once (schema, fernet keys, bootstrap admin) and starts
# (or reuses) it under uwsgi on 127.0.0.1:$KEYSTONE_PORT.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
load_secrets

if [[ ! -e $RT_STATE/keystone.bootstrapped ]]; then
  say "keystone: db_sync, fernet keys, bootstrap"
  rm -rf "$RT_VAR/keystone.sqlite" "$RT_VAR/keystone.sqlite-wal" "$RT_VAR/keystone.sqlite-shm" "$RT_VAR/keys"
  mkdir -p "$RT_VAR/keys/fernet" "$RT_VAR/keys/credential"
  manage() { keystone-manage --config-file "$RT_ETC/keystone.conf" "$@" >> "$RT_LOG/keystone-manage.log" 2>&1 \
               || die "keystone-manage $1 failed, see $RT_LOG/keystone-manage.log"; }
  manage db_sync
  manage fernet_setup --keystone-user root --keystone-group root
  manage credential_setup --keystone-user root --keystone-group root
  # bootstrap reads the password from the environment: nothing on argv.
  OS_BOOTSTRAP_PASSWORD=$ADMIN_PASSWORD \
  OS_BOOTSTRAP_USERNAME=admin OS_BOOTSTRAP_PROJECT_NAME=admin OS_BOOTSTRAP_ROLE_NAME=admin \
  OS_BOOTSTRAP_SERVICE_NAME=keystone OS_BOOTSTRAP_REGION_ID=RegionOne \
  OS_BOOTSTRAP_ADMIN_URL=$KEYSTONE_URL/v3/ OS_BOOTSTRAP_PUBLIC_URL=$KEYSTONE_URL/v3/ \
  OS_BOOTSTRAP_INTERNAL_URL=$KEYSTONE_URL/v3/ \
    manage bootstrap
  touch "$RT_STATE/keystone.bootstrapped"
fi

# WAL journal (persistent in the file; set before the first start, and on a
# database of an older up.sh). Keystone 22 leaves read transactions open:
# federation's get_enabled_service_providers, called for every token it
# renders, returns a lazy query that runs after its session was closed, and
# that connection keeps its BEGIN until the garbage collector frees it. In
# SQLite's default rollback journal such a reader makes the next write's
# commit fail ("database is locked", a 500 after 5 s; seen on POST
# /v3/services and /v3/regions, whenever the collector had not run yet). In
# WAL a commit does not wait for readers.
journal_mode=$("$SYS_PYTHON" - "$RT_VAR/keystone.sqlite" <<'PY'
import sqlite3, sys
try:
    print(sqlite3.connect(sys.argv[1], timeout=15).execute('PRAGMA journal_mode=WAL').fetchone()[0])
except sqlite3.Error as err:
    print('unchanged: %s' % err)
PY
)
[[ $journal_mode == wal ]] \
  || say "WARNING: keystone.sqlite stays in journal mode '$journal_mode', not WAL: catalog and credential writes may fail with 'database is locked'"

if is_running keystone; then
  say "Keystone already running (pid $(pid_of keystone))"
else
  say "starting Keystone (uwsgi, 1 process x 1 thread, 127.0.0.1:$KEYSTONE_PORT)"
  # One worker, one thread: SQLite does not take concurrent writers well.
  # "Connection: close": keystonemiddleware inside Sahara otherwise reuses
  # pooled connections that uwsgi has already dropped, and auth fails.
  # setsid: uwsgi's master leads its own process group (workers included),
  # which is what down.sh signals.
  setsid uwsgi --plugin python3 \
    --http-socket "127.0.0.1:$KEYSTONE_PORT" \
    --wsgi-file /usr/bin/keystone-wsgi-public \
    --master --processes 1 --threads 1 --die-on-term \
    --buffer-size 65535 --add-header 'Connection: close' \
    --env "OS_KEYSTONE_CONFIG_FILES=$RT_ETC/keystone.conf" \
    --logto "$RT_LOG/keystone-uwsgi.log" \
    > /dev/null 2>&1 < /dev/null &
  echo $! > "$RT_RUN/keystone.pid"
fi
wait_for 60 "Keystone on $KEYSTONE_URL" lcurl -f -o /dev/null "$KEYSTONE_URL/v3" \
  || die "Keystone did not answer on $KEYSTONE_URL, see $RT_LOG/keystone-uwsgi.log (another service on that port? run down.sh)"
