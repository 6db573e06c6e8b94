#!/usr/bin/env bash
# Four test hosts on this machine, like four fresh Debian VMs: vm1–vm4 are network namespaces on the bridge
# pgcbr0 (10.77.0.11–14, the panel side is 10.77.0.1), each running its own sshd inside its own mount namespace
# bound over /etc/postgresql, /var/lib/postgresql, /var/run/postgresql and /var/log/postgresql, so each host has
# its own 15/main cluster on port 5432 (and over pgBackRest's /etc/pgbackrest, /var/lib/pgbackrest, /var/log/pgbackrest and
# /var/spool/pgbackrest; sshd reads .ssh/authorized_keys too, for the keys pgcascade gives pgBackRest). vm4 starts with no cluster (the provider must create it).
# Root logs in with .testbed/id_ed25519 on all four; the user `deploy` (same key) has password-protected sudo, the
# user `cloudops` (same key) has `NOPASSWD: ALL` sudo, like the login user of most cloud images.
#   scripts/testbed.sh up | down | status        (root only; idempotent; `down` leaves nothing behind)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TB="$ROOT/.testbed"
BRIDGE=pgcbr0
HOSTS=(vm1 vm2 vm3 vm4)
PG_VERSION="${PGCASCADE_TESTBED_PG:-15}"
WITH_CLUSTER=(vm1 vm2 vm3)
SUDOERS=/etc/sudoers.d/pgcascade-testbed
BIND_DIRS=(/etc/postgresql /var/lib/postgresql /var/run/postgresql /var/log/postgresql)

addr() { echo "10.77.0.1${1#vm}"; }
die() { echo "testbed: $*" >&2; exit 1; }

need() {
  [ "$(id -u)" = 0 ] || die "must run as root (it creates network namespaces, a bridge, mounts and a user)"
  local missing=()
  for cmd in ip unshare sshd ssh ssh-keygen sudo pg_createcluster runuser chpasswd; do command -v "$cmd" >/dev/null || missing+=("$cmd"); done
  [ -x "/usr/lib/postgresql/$PG_VERSION/bin/postgres" ] || missing+=("postgresql-$PG_VERSION")
  [ ${#missing[@]} -eq 0 ] || die "missing: ${missing[*]} — apt-get install -y openssh-server openssh-client sudo iproute2 util-linux postgresql-$PG_VERSION"
}

is_up() { ip netns list 2>/dev/null | grep -q "^pgc-$1\b"; }

ssh_ready() {
  ssh -i "$TB/id_ed25519" -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ConnectTimeout=2 \
    -o LogLevel=ERROR "root@$(addr "$1")" true 2>/dev/null
}

up_host() {
  local h=$1 ns="pgc-$1" ip; ip=$(addr "$1")
  local dir="$TB/$h"
  # pgBackRest's folders are each host's own too, as on a VM: its configuration, a repository, its log and spool.
  mkdir -p "$dir"/{etc,lib,run,log} "$dir"/pgbackrest/{etc,lib,log,spool}
  # root's own home, as on a fresh VM: the panel machine's /root (its .bashrc, which every SSH command's shell reads)
  # stays out. A pyenv init there cost each command ~150 ms, and its stale lock made every command wait 60 s.
  mkdir -p "$dir/root"
  chmod 700 "$dir/root"
  chown postgres:postgres "$dir"/{etc,lib,run,log} "$dir"/pgbackrest/{lib,log,spool}
  chmod 750 "$dir"/pgbackrest/{lib,log,spool}
  chmod 2775 "$dir/run"
  [ -f "$dir/ssh_host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -f "$dir/ssh_host_ed25519_key"
  cat > "$dir/sshd_config" <<CONF
ListenAddress $ip
Port 22
HostKey $dir/ssh_host_ed25519_key
PidFile $dir/sshd.pid
AuthorizedKeysFile $TB/authorized_keys .ssh/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication yes
KbdInteractiveAuthentication no
# As on Debian: with PAM, a key logs in to an account without a password (postgres: pgBackRest between hosts).
UsePAM yes
StrictModes no
AllowTcpForwarding yes
Subsystem sftp internal-sftp
CONF
  ip netns add "$ns"
  ip link add "pgc-$h" type veth peer name "pgc-$h-p"
  ip link set "pgc-$h" master "$BRIDGE" up
  ip link set "pgc-$h-p" netns "$ns"
  ip -n "$ns" link set "pgc-$h-p" name eth0
  ip -n "$ns" addr add "$ip/24" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" link set lo up
  local create=""
  for c in "${WITH_CLUSTER[@]}"; do [ "$c" = "$h" ] && create=1; done
  # The mount namespace lives as long as sshd (and what its sessions start) runs in it.
  ip netns exec "$ns" unshare --mount --propagation private -- bash -c "
    set -e
    mount --bind '$dir/etc' /etc/postgresql
    mount --bind '$dir/lib' /var/lib/postgresql
    mount --bind '$dir/run' /var/run/postgresql
    mount --bind '$dir/log' /var/log/postgresql
    mount --bind '$dir/pgbackrest/etc' /etc/pgbackrest
    mount --bind '$dir/pgbackrest/lib' /var/lib/pgbackrest
    mount --bind '$dir/pgbackrest/log' /var/log/pgbackrest
    mount --bind '$dir/pgbackrest/spool' /var/spool/pgbackrest
    mount --bind '$dir/root' /root
    if [ -n '$create' ]; then pg_createcluster -p 5432 $PG_VERSION main >/dev/null; fi
    /usr/sbin/sshd -f '$dir/sshd_config' -E '$dir/sshd.log'
  "
}

up() {
  need
  if is_up vm1 && is_up vm4 && ssh_ready vm1 && ssh_ready vm4; then status; return; fi
  down >/dev/null 2>&1 || true
  mkdir -p "$TB"
  chmod 755 "$TB"
  ssh-keygen -q -t ed25519 -N '' -C pgcascade-testbed -f "$TB/id_ed25519"
  cp "$TB/id_ed25519.pub" "$TB/authorized_keys"
  chmod 644 "$TB/authorized_keys"
  mkdir -p /run/sshd
  # Mount points for each host's own pgBackRest folders (the package makes them too; a host without it yet needs them).
  mkdir -p /etc/pgbackrest /var/lib/pgbackrest /var/log/pgbackrest /var/spool/pgbackrest
  ip link add "$BRIDGE" type bridge
  ip addr add 10.77.0.1/24 dev "$BRIDGE"
  ip link set "$BRIDGE" up
  # deploy: a non-root login whose sudo asks for a password.
  id deploy >/dev/null 2>&1 || useradd -m -s /bin/bash deploy
  head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$TB/deploy-password"
  echo "deploy:$(cat "$TB/deploy-password")" | chpasswd
  # cloudops: a non-root login whose sudo asks for nothing (NOPASSWD), though it has a password too.
  id cloudops >/dev/null 2>&1 || useradd -m -s /bin/bash cloudops
  head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$TB/cloudops-password"
  echo "cloudops:$(cat "$TB/cloudops-password")" | chpasswd
  printf '%s\n' 'deploy ALL=(ALL) ALL' 'cloudops ALL=(ALL) NOPASSWD: ALL' > "$SUDOERS"
  chmod 440 "$SUDOERS"
  for h in "${HOSTS[@]}"; do up_host "$h"; done
  for h in "${HOSTS[@]}"; do
    for _ in $(seq 1 50); do ssh_ready "$h" && break; sleep 0.2; done
    ssh_ready "$h" || die "sshd on $h ($(addr "$h")) does not answer; see $TB/$h/sshd.log"
  done
  {
    echo '['
    for i in "${!HOSTS[@]}"; do
      h=${HOSTS[$i]}
      printf '  { "name": "%s", "address": "%s", "sshPort": 22, "cluster": %s }%s\n' "$h" "$(addr "$h")" \
        "$([[ " ${WITH_CLUSTER[*]} " == *" $h "* ]] && echo true || echo false)" "$([ "$i" -lt 3 ] && echo , || true)"
    done
    echo ']'
  } > "$TB/hosts.json"
  status
}

down() {
  [ "$(id -u)" = 0 ] || die "must run as root"
  for h in "${HOSTS[@]}"; do
    local ns="pgc-$h"
    if is_up "$h"; then
      # Everything started on the host (sshd, its sessions, PostgreSQL) lives in its network namespace.
      for _ in 1 2 3; do
        pids=$(ip netns pids "$ns" 2>/dev/null || true)
        [ -n "$pids" ] || break
        kill -9 $pids 2>/dev/null || true
        sleep 0.2
      done
      ip netns del "$ns" 2>/dev/null || true
    fi
    ip link del "pgc-$h" 2>/dev/null || true
  done
  ip link del "$BRIDGE" 2>/dev/null || true
  rm -f "$SUDOERS"
  for u in deploy cloudops; do
    if id "$u" >/dev/null 2>&1; then pkill -9 -u "$u" 2>/dev/null || true; userdel -r "$u" 2>/dev/null || true; fi
  done
  rm -rf "$TB"
  echo "testbed: down (no namespace, bridge, process, mount or user left)"
}

status() {
  for h in "${HOSTS[@]}"; do
    if is_up "$h" && ssh_ready "$h"; then echo "$h  $(addr "$h")  ssh root@$(addr "$h") -i .testbed/id_ed25519  up"; else echo "$h  $(addr "$h")  down"; fi
  done
  [ -f "$TB/deploy-password" ] && echo "deploy (password sudo): password in .testbed/deploy-password"
  [ -f "$TB/cloudops-password" ] && echo "cloudops (NOPASSWD sudo): password in .testbed/cloudops-password"
  [ -d "$TB" ] && echo "host keys: .testbed/<host>/ssh_host_ed25519_key.pub"
  return 0
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) die "usage: $0 up|down|status" ;;
esac
