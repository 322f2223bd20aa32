#!/bin/bash
# Stops what up.sh started, using the PID files in var/run only (never by
# process name): TERM to the process group, wait, then KILL. Safe to run
# when nothing is running. `down.sh --purge` also deletes var/ (all state).
set -uo pipefail
source "$(dirname "$0")/bin/lib.sh"

purge=0
for arg in "$@"; do
  case $arg in
    --purge) purge=1 ;;
    *) echo "usage: $0 [--purge]" >&2; exit 2 ;;
  esac
done

# signal_tree SIGNAL PID: the whole process group when PID leads one (every
# service here is started in its own session), else just PID.
signal_tree() {
  if [[ $(ps -o pgid= -p "$2" 2>/dev/null | tr -d ' ') == "$2" ]]; then
    kill -"$1" -- "-$2" 2>/dev/null
  else
    kill -"$1" "$2" 2>/dev/null
  fi
}
group_alive() { kill -0 -- "-$1" 2>/dev/null || kill -0 "$1" 2>/dev/null; }

stop() { # NAME
  local name=$1 pid deadline
  if pid=$(pid_of "$name"); then
    say "stopping $name (pid $pid)"
    signal_tree TERM "$pid"
    deadline=$((SECONDS + 30))
    while group_alive "$pid" && (( SECONDS < deadline )); do sleep 0.5; done
    if group_alive "$pid"; then
      say "$name still alive after 30s, sending KILL"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
    fi
  elif [[ -e $RT_RUN/$name.pid ]]; then
    say "$name not running (stale pid file removed)"
  fi
  rm -f "$RT_RUN/$name.pid"
}

# Reverse start order: Sahara needs the other two while it shuts down.
stop sahara
stop keystone
stop mariadb

if (( purge )); then
  rm -rf "$RT_VAR"
  say "removed $RT_VAR"
fi
