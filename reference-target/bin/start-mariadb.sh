#!/bin/bash
# Starts (or reuses) a private MariaDB: own datadir under var/, unix socket
# only, then makes sure Sahara's database and account exist.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
load_secrets

if is_running mariadb; then
  say "MariaDB already running (pid $(pid_of mariadb))"
else
  if [[ ! -d $RT_VAR/mysql/mysql ]]; then
    say "initialising MariaDB datadir"
    mariadb-install-db --defaults-file="$RT_ETC/my.cnf" --user=root \
      --auth-root-authentication-method=socket --skip-test-db \
      >> "$RT_LOG/mariadb-install.log" 2>&1 || die "mariadb-install-db failed, see $RT_LOG/mariadb-install.log"
  fi
  say "starting MariaDB (socket $RT_RUN/mariadb.sock, no TCP)"
  # setsid: own session and process group, so down.sh can stop it as a group.
  setsid mariadbd --defaults-file="$RT_ETC/my.cnf" >> "$RT_LOG/mariadb.out" 2>&1 < /dev/null &
  echo $! > "$RT_RUN/mariadb.pid"    # mariadbd rewrites the same PID itself
fi
wait_for 60 "MariaDB socket" sql -e 'SELECT 1' || die "MariaDB did not come up, see $RT_LOG/mariadb.err"

# Password goes through stdin, not argv, so `ps` never shows it.
sql <<SQL
CREATE DATABASE IF NOT EXISTS sahara CHARACTER SET utf8;
CREATE USER IF NOT EXISTS 'sahara'@'localhost' IDENTIFIED BY '$SAHARA_DB_PASSWORD';
ALTER USER 'sahara'@'localhost' IDENTIFIED BY '$SAHARA_DB_PASSWORD';
GRANT ALL PRIVILEGES ON sahara.* TO 'sahara'@'localhost';
FLUSH PRIVILEGES;
SQL
