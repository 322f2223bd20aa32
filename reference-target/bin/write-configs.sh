#!/bin/bash
# Renders the MariaDB, Keystone and Sahara configs into var/etc from the
# current ports and secrets. Cheap, so up.sh rewrites them on every run.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
load_secrets
mkdir -p "$RT_ETC" "$RT_RUN" "$RT_LOG" "$RT_VAR/mysql" "$RT_VAR/lock"
umask 077

# MariaDB for Sahara (its alembic migrations need ALTER COLUMN, which SQLite
# lacks). No TCP at all: clients come through the unix socket.
cat > "$RT_ETC/my.cnf" <<CNF
[mysqld]
user = root
datadir = $RT_VAR/mysql
socket = $RT_RUN/mariadb.sock
pid-file = $RT_RUN/mariadb.pid
log-error = $RT_LOG/mariadb.err
skip-networking
character-set-server = utf8mb4
collation-server = utf8mb4_general_ci
innodb_buffer_pool_size = 64M
max_connections = 200

[client]
socket = $RT_RUN/mariadb.sock
user = root
CNF

# Keystone on SQLite; safe because uwsgi serves it with one process and one
# thread. Tokens live 12 h so one `up.sh` covers a long conformance run.
cat > "$RT_ETC/keystone.conf" <<CNF
[DEFAULT]
log_dir = $RT_LOG
log_file = keystone.log

[database]
connection = sqlite:///$RT_VAR/keystone.sqlite

[token]
provider = fernet
expiration = 43200

[fernet_tokens]
key_repository = $RT_VAR/keys/fernet

[fernet_receipts]
key_repository = $RT_VAR/keys/fernet

[credential]
key_repository = $RT_VAR/keys/credential
CNF

# Sahara's own logger levels, plus two: the HTTP access log (one line per
# request, no headers) and sahara.context at DEBUG, the only level at which
# Sahara reports an exception in a background task such as the deletion
# that follows a DELETE's 204.
sahara_log_levels=$("$SYS_PYTHON" -c '
from oslo_log import log
import sahara.config
print(",".join(log.get_default_log_levels() + sahara.config.sahara_default_log_levels
               + ["eventlet.wsgi.server=INFO", "sahara.context=DEBUG"]))')

# Sahara: API and engine in one process (sahara-all), fake plugin, in-process
# fake message bus, MariaDB over its unix socket.
cat > "$RT_ETC/sahara.conf" <<CNF
[DEFAULT]
host = 127.0.0.1
port = $SAHARA_PORT
api_workers = 1
plugins = fake
transport_url = fake://
api_paste_config = /etc/sahara/api-paste.ini
log_dir = $RT_LOG
log_file = sahara.log
# Not debug: at DEBUG, Sahara dumps every option at start-up, and
# trustee.password (copied from [keystone_authtoken]) is not a "secret" option.
debug = false
default_log_levels = $sahara_log_levels

[database]
connection = mysql+pymysql://sahara:$SAHARA_DB_PASSWORD@localhost/sahara?unix_socket=$RT_RUN/mariadb.sock&charset=utf8

[keystone_authtoken]
www_authenticate_uri = $KEYSTONE_URL/v3
auth_url = $KEYSTONE_URL/v3
auth_type = password
user_domain_name = Default
project_domain_name = Default
project_name = service
username = sahara
password = $SAHARA_SERVICE_PASSWORD
region_name = RegionOne

[oslo_concurrency]
lock_path = $RT_VAR/lock

[oslo_policy]
policy_dirs = /etc/sahara/policy.d
CNF
