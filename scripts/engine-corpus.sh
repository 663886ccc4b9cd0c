#!/bin/sh
# Regenerates tests/data/engines/: the config.json files real engines write
# for common options (podman, Docker's dockerd, containerd's ctr). Run by
# hand as root on a host with the Debian packages podman, docker.io and
# containerd; CI does not run it (tests/plugins/test-engines.c reads the
# checked-in output). Everything it starts lives under one temporary folder
# with its own storage, data-root, exec-root and sockets, and is removed by
# its own ids at the end, also on failure. An engine whose daemon cannot
# start is skipped with the reason.
#
#   scripts/engine-corpus.sh [OUTDIR]      (default tests/data/engines)
#
# Scrubbing: the temporary folder becomes /corpus, container ids become
# 0123…, and root.path keeps only its last component under @BUNDLE@ (the
# test puts the bundle there).
set -eu
cd "$(dirname "$0")/.."

# Everything runs in a private mount namespace with a /dev of its own: the
# engines chown and bind-mount device nodes (podman with --uidmap chowns
# /dev/null to the mapped root), and the host's must stay as they are.
if [ -z "${ORT_ENGINES_NS:-}" ]; then
  exec env ORT_ENGINES_NS=1 unshare --mount --propagation private "$0" "$@"
fi
mount -t tmpfs -o mode=755 ort-dev /dev
for node in null:1:3 zero:1:5 full:1:7 random:1:8 urandom:1:9 tty:5:0; do
  IFS=: read -r name major minor <<NODE
$node
NODE
  mknod -m 666 "/dev/$name" c "$major" "$minor"
done
mkdir -p /dev/pts /dev/shm /dev/mqueue
mount -t devpts -o newinstance,ptmxmode=0666 devpts /dev/pts
ln -s pts/ptmx /dev/ptmx
mount -t tmpfs -o mode=1777 shm /dev/shm
out=${1:-tests/data/engines}
T=$(mktemp -d /tmp/ort-engines-XXXXXX)
DOCKERD_PID=
CONTAINERD_PID=

P() { podman --root "$T/storage" --runroot "$T/run" --tmpdir "$T/tmp" --events-backend file \
             --cgroup-manager cgroupfs --storage-driver vfs --hooks-dir "$T/hooks" "$@"; }
D() { docker -H "unix://$T/docker.sock" "$@"; }
C() { ctr --address "$T/containerd.sock" --namespace ort "$@"; }
R() { (cd "$T/rootless" && runuser -u nobody -- env HOME="$T/rootless/home" XDG_RUNTIME_DIR="$T/rootless/xdg" \
         podman --root "$T/rootless/root" --runroot "$T/rootless/run" --tmpdir "$T/rootless/tmp" \
                --events-backend file --cgroup-manager cgroupfs --storage-driver vfs "$@"); }

cleanup() {
  set +e
  for id in $(cat "$T/podman.ids" 2>/dev/null); do P rm -f "$id" >/dev/null 2>&1; done
  P rmi -f localhost/ort-busybox:1 >/dev/null 2>&1
  for id in $(cat "$T/rootless.ids" 2>/dev/null); do R rm -f "$id" >/dev/null 2>&1; done
  for id in $(cat "$T/docker.ids" 2>/dev/null); do D rm -f "$id" >/dev/null 2>&1; done
  D rmi -f ort-busybox:1 >/dev/null 2>&1
  for id in $(cat "$T/ctr.ids" 2>/dev/null); do
    C task kill -s KILL "$id" >/dev/null 2>&1; C task rm -f "$id" >/dev/null 2>&1; C container rm "$id" >/dev/null 2>&1
  done
  if [ -n "$CONTAINERD_PID" ]; then
    kill "$CONTAINERD_PID" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$CONTAINERD_PID" 2>/dev/null || break; sleep 0.2; done
  fi
  if [ -n "$DOCKERD_PID" ]; then
    kill "$DOCKERD_PID" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$DOCKERD_PID" 2>/dev/null || break; sleep 0.2; done
  fi
  # Storage drivers may leave mounts below $T: only those are unmounted.
  grep " $T/" /proc/self/mounts | cut -d' ' -f2 | sort -r | while read -r m; do umount -l "$m"; done
  rm -rf "$T"
}
trap cleanup EXIT INT TERM

# scrub CONFIG NAME: writes $out/ENGINE-VERSION/NAME.json
scrub() {
  python3 - "$1" "$2" "$T" <<'PY'
import json, re, sys
src, dst, tmp = sys.argv[1:4]
text = open(src).read().replace(tmp, "/corpus")
text = re.sub(r"\b[0-9a-f]{64}\b", "0123456789abcdef" * 4, text)
text = re.sub(r"\b[0-9a-f]{12}\b", "0123456789ab", text)      # Docker's short ids (hostname)
text = re.sub(r"/proc/[0-9]+/", "/proc/1/", text)             # dockerd's own exe for its hooks
text = re.sub(r'("io\.kubernetes\.cri-o\.Created":\s*)"[^"]*"', r'\1"2024-01-01T00:00:00Z"', text)
config = json.loads(text)
root = config.get("root", {}).get("path")
if root and root.startswith("/"):
    config["root"]["path"] = "@BUNDLE@/" + root.rstrip("/").rsplit("/", 1)[-1]
with open(dst, "w") as f:
    json.dump(config, f, indent="\t", sort_keys=False)
    f.write("\n")
PY
}

rootfs() {
  mkdir -p "$T/rootfs/bin" "$T/rootfs/proc" "$T/rootfs/sys" "$T/rootfs/dev" "$T/rootfs/etc" "$T/rootfs/tmp"
  cp /bin/busybox "$T/rootfs/bin/busybox"
  for c in sh sleep true; do ln -s busybox "$T/rootfs/bin/$c"; done
  tar -C "$T/rootfs" -cf "$T/rootfs.tar" .
  mkdir -p "$T/vol" "$T/devs" "$T/hooks" "$T/tmp"
  mknod "$T/devs/null" c 1 3
  cat > "$T/hooks/ort-prestart.json" <<'JSON'
{"version": "1.0.0", "hook": {"path": "/bin/true", "args": ["true", "prestart"]},
 "when": {"annotations": {"^org\\.ocirt\\.hooks$": "^yes$"}}, "stages": ["prestart"]}
JSON
}

# The option sets, one per line: NAME OPTIONS… (the same for each engine
# where the engine has the option).
option_sets() {
  cat <<SETS
default
privileged --privileged
read-only --read-only
caps --cap-add NET_ADMIN --cap-add SYS_TIME --cap-drop CHOWN --cap-drop MKNOD
devices --device $T/devs/null:/dev/ortnull:rw
tmpfs --tmpfs /scratch:rw,size=65536k,mode=1777
volumes -v $T/vol:/data:ro -v $T/vol:/data2
userns --uidmap 0:100000:65536 --gidmap 0:100000:65536
ulimits --ulimit nofile=2048:4096 --ulimit nproc=1024:1024
limits --memory 64m --memory-swap 128m --memory-reservation 32m --cpus 0.5 --cpu-shares 512 --pids-limit 100
sysctls --sysctl net.ipv4.ip_forward=1 --sysctl kernel.msgmax=65536
hooks --annotation org.ocirt.hooks=yes
SETS
}

podman_corpus() {
  version=$(podman version --format '{{.Client.Version}}')
  dir="$out/podman-$version"
  mkdir -p "$dir"
  P import "$T/rootfs.tar" localhost/ort-busybox:1 >/dev/null
  option_sets | while read -r name opts; do
    # shellcheck disable=SC2086
    id=$(P create --network none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 $opts \
           localhost/ort-busybox:1 /bin/sleep 1000)
    echo "$id" >> "$T/podman.ids"
    P init "$id" >/dev/null
    scrub "$T/storage/vfs-containers/$id/userdata/config.json" "$dir/$name.json"
    P rm -f "$id" >/dev/null
  done
  echo "podman $version: $(ls "$dir" | wc -l) configs"
}

# Rootless podman: as nobody (no subordinate ids needed: podman then maps
# that one user), with its own storage; --privileged is what differs.
podman_rootless_corpus() {
  version=$(podman version --format '{{.Client.Version}}')
  dir="$out/podman-$version"
  mkdir -p "$T/rootless/home" "$T/rootless/xdg"
  chown -R 65534:65534 "$T/rootless"
  chmod 700 "$T/rootless/xdg"
  if ! R import "$T/rootfs.tar" localhost/ort-busybox:1 >/dev/null 2>"$T/rootless.err"; then
    echo "podman rootless: skipped: $(tail -1 "$T/rootless.err")"
    return 0
  fi
  id=$(R create --privileged --network none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 \
         localhost/ort-busybox:1 /bin/sleep 1000)
  echo "$id" >> "$T/rootless.ids"
  # init writes the config; crun may then wait, and rm -f ends it.
  (R init "$id" >/dev/null 2>&1 &)
  for _ in $(seq 100); do [ -f "$T/rootless/root/vfs-containers/$id/userdata/config.json" ] && break; sleep 0.2; done
  scrub "$T/rootless/root/vfs-containers/$id/userdata/config.json" "$dir/rootless-privileged.json"
  R rm -f "$id" >/dev/null 2>&1
  R rmi -f localhost/ort-busybox:1 >/dev/null 2>&1
}

docker_corpus() {
  dockerd --data-root "$T/docker" --exec-root "$T/dexec" --pidfile "$T/docker.pid" \
          -H "unix://$T/docker.sock" --bridge none --iptables=false --ip6tables=false \
          --ip-forward=false --ip-masq=false --userland-proxy=false >"$T/dockerd.log" 2>&1 &
  DOCKERD_PID=$!
  for _ in $(seq 100); do D version >/dev/null 2>&1 && break; sleep 0.3; done
  if ! D version >/dev/null 2>&1; then
    echo "docker: skipped: dockerd did not start ($(tail -1 "$T/dockerd.log"))"
    return 0
  fi
  version=$(D version --format '{{.Server.Version}}')
  dir="$out/docker-$version"
  mkdir -p "$dir"
  D import "$T/rootfs.tar" ort-busybox:1 >/dev/null
  option_sets | while read -r name opts; do
    # Docker maps users per daemon (--userns-remap), not per container, and
    # runs no OCI hooks of its own.
    case $name in userns|hooks) continue ;; esac
    # shellcheck disable=SC2086
    id=$(D create --network none $opts ort-busybox:1 /bin/sleep 1000)
    echo "$id" >> "$T/docker.ids"
    if D start "$id" >/dev/null 2>"$T/start.err"; then
      scrub "$(find "$T/dexec" -path "*/moby/$id/config.json" | head -1)" "$dir/$name.json"
    else
      echo "docker: $name: skipped, the container did not start: $(grep -o 'error="[^"]*"' "$T/dockerd.log" | tail -1)"
    fi
    D rm -f "$id" >/dev/null
  done
  echo "docker $version: $(ls "$dir" | wc -l) configs"
}

# ctr run against a containerd of our own (its own root, state and
# sockets; no CRI), on the busybox root filesystem as a custom rootfs.
ctr_run_corpus() {
  dir=$1
  cat > "$T/containerd.toml" <<TOML
version = 2
root = "$T/ctd-root"
state = "$T/ctd-state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$T/containerd.sock"
[ttrpc]
  address = "$T/containerd.sock.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""
TOML
  containerd --config "$T/containerd.toml" >"$T/containerd.log" 2>&1 &
  CONTAINERD_PID=$!
  for _ in $(seq 100); do C version >/dev/null 2>&1 && break; sleep 0.2; done
  if ! C version >/dev/null 2>&1; then
    echo "ctr run: skipped: containerd did not start ($(tail -1 "$T/containerd.log"))"
    return 0
  fi
  while read -r name opts; do
    id=ort-$name
    echo "$id" >> "$T/ctr.ids"
    # shellcheck disable=SC2086
    if C run -d $opts --rootfs "$T/rootfs" "$id" /bin/sleep 1000 </dev/null >/dev/null 2>"$T/ctr.err"; then
      scrub "$T/ctd-state/io.containerd.runtime.v2.task/ort/$id/config.json" "$dir/run-$name.json"
    else
      echo "ctr run: $name: skipped, the container did not start: $(tail -1 "$T/ctr.err")"
    fi
    C task kill -s KILL "$id" </dev/null >/dev/null 2>&1
    for _ in $(seq 50); do C task rm "$id" </dev/null >/dev/null 2>&1 && break; sleep 0.1; done
    C container rm "$id" </dev/null >/dev/null 2>&1
  done <<SETS
default
privileged --privileged
read-only --read-only
caps --cap-add CAP_NET_ADMIN
limits --memory-limit 67108864 --cpus 0.5
mounts --mount type=bind,src=$T/vol,dst=/data,options=rbind:ro
SETS
}

ctr_corpus() {
  version=$(ctr --version | awk '{print $3}' | sed 's/~.*//')
  dir="$out/ctr-$version"
  mkdir -p "$dir"
  (cd "$T" && ctr oci spec) > "$T/ctr-spec.json"
  scrub "$T/ctr-spec.json" "$dir/oci-spec.json"
  ctr_run_corpus "$dir"
  echo "ctr $version: $(ls "$dir" | wc -l) configs"
}

rootfs
podman_corpus
podman_rootless_corpus
docker_corpus
ctr_corpus
stat -c 'this namespace'"'"'s /dev/null: %F %u:%g' /dev/null
