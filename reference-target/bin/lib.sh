# Shared by up.sh, down.sh and the helpers in bin/: paths, ports, logging,
# PID bookkeeping. Source it; it defines functions and variables only.

RT_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RT_BIN=$RT_ROOT/bin
RT_VAR=$RT_ROOT/var
RT_ETC=$RT_VAR/etc        # generated configs
RT_RUN=$RT_VAR/run        # pid files, MariaDB socket
RT_LOG=$RT_VAR/log        # every log of every process started here
RT_STATE=$RT_VAR/state    # markers of one-time steps, generated secrets

KEYSTONE_PORT=${KEYSTONE_PORT:-5000}
SAHARA_PORT=${SAHARA_PORT:-8386}
KEYSTONE_URL=http://127.0.0.1:$KEYSTONE_PORT
SAHARA_URL=http://127.0.0.1:$SAHARA_PORT

# Debian's interpreter on purpose: the packaged OpenStack modules live in its
# dist-packages, which another python3 found first on PATH would not see.
SYS_PYTHON=/usr/bin/python3

# Failures inside $(...) must stop the script too.
shopt -s inherit_errexit

# Everything here talks to loopback only; never let a proxy setting get in the way.
export no_proxy=127.0.0.1,localhost NO_PROXY=127.0.0.1,localhost

say() { printf '[reference-target %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

# pid_of NAME -> prints the PID recorded in var/run/NAME.pid when that process
# is alive AND was started from this folder (its command line mentions
# $RT_ROOT), so a stale file whose PID got reused is never trusted.
pid_of() {
  local file=$RT_RUN/$1.pid pid
  [[ -s $file ]] || return 1
  pid=$(tr -dc '0-9' < "$file")
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$RT_ROOT" || return 1
  echo "$pid"
}
is_running() { pid_of "$1" >/dev/null; }

# wait_for SECONDS DESCRIPTION COMMAND... : polls COMMAND every 0.5 s.
wait_for() {
  local limit=$1 what=$2; shift 2
  local deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    (( SECONDS < deadline )) || { say "gave up after ${limit}s waiting for $what"; return 1; }
    sleep 0.5
  done
}

# curl against loopback with no proxy, no progress meter, bounded time.
lcurl() { curl --noproxy '*' -sS --max-time 60 "$@"; }

sql() { mariadb --defaults-file="$RT_ETC/my.cnf" "$@"; }

# Dev-only credentials, generated once per var/ and kept in a 0600 file so a
# re-run reuses them. They never go to stdout, stderr or a log. A name missing
# from an older file is added; what is there is never regenerated.
# USER_A_APP_CRED_SECRET is the secret of user-a's application credential
# (Keystone takes it at creation and never shows it again); the credential's
# id is stored beside it by up.sh (store_secret USER_A_APP_CRED_ID ...).
load_secrets() {
  local file=$RT_STATE/secrets.env name length missing=()
  mkdir -p "$RT_STATE"
  for name in ADMIN_PASSWORD:24 SAHARA_SERVICE_PASSWORD:24 SAHARA_DB_PASSWORD:24 USER_A_PASSWORD:24 \
              USER_B_PASSWORD:24 USER_A_APP_CRED_SECRET:40; do
    grep -q "^${name%:*}=" "$file" 2>/dev/null || missing+=("$name")
  done
  if (( ${#missing[@]} )); then
    ( umask 077
      { [[ -s $file ]] && cat "$file"
        for name in "${missing[@]}"; do
          length=${name#*:}
          printf '%s=%s\n' "${name%:*}" "$(head -c 64 /dev/urandom | base64 -w0 | tr -dc 'A-Za-z0-9' | head -c "$length")"
        done; } > "$file.tmp" && mv "$file.tmp" "$file" )
  fi
  # shellcheck disable=SC1090
  source "$file"
}

# store_secret NAME VALUE: sets NAME in secrets.env (replaced or added; tmp +
# mv, 0600). A builtin-only loop, so VALUE never appears on a command line.
store_secret() {
  local file=$RT_STATE/secrets.env line
  ( umask 077
    { while IFS= read -r line || [[ -n $line ]]; do
        [[ $line == "$1="* ]] || printf '%s\n' "$line"
      done < "$file"
      printf '%s=%s\n' "$1" "$2"; } > "$file.tmp" && mv "$file.tmp" "$file" )
  printf -v "$1" '%s' "$2"
}
