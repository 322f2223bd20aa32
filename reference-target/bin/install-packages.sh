#!/bin/bash
# Installs the Debian packages the reference target needs, if any is missing.
# Debian's maintainer scripts would otherwise start the packaged keystone,
# sahara-api and mariadb services system-wide; a policy-rc.d that exits 101
# ("action forbidden") holds them back. We only remove that file if we made it.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PACKAGES=(
  keystone sahara-api sahara-common python3-sahara python3-keystonemiddleware
  uwsgi-core uwsgi-plugin-python3 python3-pymysql mariadb-server mariadb-client
  curl jq ca-certificates
  # the official clients, driven against the mock and Sahara by client-differential/
  python3-saharaclient python3-openstackclient
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null | grep -qx installed || missing+=("$pkg")
done
if (( ${#missing[@]} == 0 )); then
  say "all Debian packages already installed"
  exit 0
fi
[[ $EUID -eq 0 ]] || die "need root to install: ${missing[*]}"

policy=/usr/sbin/policy-rc.d
we_made_policy=0
cleanup() { (( we_made_policy )) && rm -f "$policy"; return 0; }
trap cleanup EXIT
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\n# temporary, from %s: keep packaged services stopped\nexit 101\n' "$0" > "$policy"
  chmod 755 "$policy"
  we_made_policy=1
fi

mkdir -p "$RT_LOG"
say "installing: ${missing[*]} (log: $RT_LOG/apt.log)"
{
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}"
} >> "$RT_LOG/apt.log" 2>&1 || die "apt-get failed, see $RT_LOG/apt.log"
