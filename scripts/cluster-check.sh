#!/usr/bin/env bash
# Runs the dcm-deid(7) recipes for several hosts and for Slurm for real, on this machine,
# and checks that each gives byte for byte what one serial run gives (output tree, and the
# mapping files merged with `dcm-pseudo merge-mapping`).
#
#   ssh    two hosts without a shared disk: two sshd (openssh-server), each in its own
#          network namespace (veth pair, 10.231.N.2), with its own host key and its own user
#          and home; a throw-away client key. GNU parallel --sshlogin moves each share there
#          (--transferfile), the key once (--basefile) and the output back (--return).
#          Second variant: the hosts write into one shared output folder.
#   slurm  a single-node Slurm (munge, slurmctld, slurmd on localhost, minimal slurm.conf):
#          one array task per share (sbatch --array), then a task killed mid-run and re-run
#          with --skip-existing.
#
# Usage: scripts/cluster-check.sh [ssh|slurm|all] [IN_DIR]   (default: all, ../shared/eval/dev/input)
# Environment:
#   BIN      directory of built tools (default: release build)
#   SHARES   number of shares (default 4)
#   DEID_OPTS extra dcm-deid options for every run (e.g. "--redact-opt --ocr --redact-opt none")
#   KEEP=1   keep the work directory
# Needs root (users, namespaces, daemons); installs openssh-server, parallel, slurm-wlm,
# munge with apt-get when missing. Every daemon, namespace and user it makes is removed on exit.
# Exit status: 0 every check identical, 1 a difference, 2 cannot run.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
what=${1:-all}
case $what in ssh|slurm|all) ;; *) echo "usage: $0 [ssh|slurm|all] [IN_DIR]" >&2; exit 2 ;; esac
in=$(realpath "${2:-${DCM_SHARED:-$repo/../shared}/eval/dev/input}")
shares=${SHARES:-4}
read -r -a deid_opts <<< "${DEID_OPTS:-}"
[ -d "$in" ] || { echo "cluster-check: no input directory $in" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "cluster-check: needs root (users, network namespaces, daemons)" >&2; exit 2; }

need=()
command -v sshd >/dev/null || [ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v ssh >/dev/null || need+=(openssh-client)
command -v parallel >/dev/null || need+=(parallel)
command -v rsync >/dev/null || need+=(rsync)
command -v ip >/dev/null || need+=(iproute2)
if [ "$what" != ssh ]; then
  [ -x /usr/sbin/slurmctld ] || need+=(slurm-wlm)
  [ -x /usr/sbin/munged ] || need+=(munge)
fi
. "$repo/scripts/check-lib.sh"
install_missing cluster-check "${need[@]}"

release_tools cluster-check "$repo" dcm-deid dcm-parse dcm-scrub dcm-pseudo dcm-redact-pixels dcm-write
export PATH="$BIN:$PATH"

work=$(mktemp -d /tmp/dcm-cluster-check.XXXXXX)
chmod 755 "$work"
tag=$$
pids=() users=() netns=() links=()
cleanup() {
  set +e
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
  if [ -n "${slurm_conf:-}" ]; then
    # Jobs of this (private) cluster first, so no task outlives its slurmd.
    SLURM_CONF=$slurm_conf scancel --full --signal=KILL --user=root 2>/dev/null
    sleep 1
    for f in "$work"/slurm/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; done
    sleep 1
  fi
  for u in "${users[@]}"; do pkill -u "$u" 2>/dev/null; userdel "$u" 2>/dev/null; done
  for l in "${links[@]}"; do ip link del "$l" 2>/dev/null; done
  for n in "${netns[@]}"; do ip netns del "$n" 2>/dev/null; done
  getent group "dcmshare$tag" >/dev/null && groupdel "dcmshare$tag"
  if [ "${KEEP:-}" = 1 ]; then echo "work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 2' INT TERM

status=0
now() { date +%s.%N; }
rate() { echo "scale=2; $1 / ($3 - $2)" | bc -l; }   # files, t0, t1
sums() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 -r sha256sum); }

# Identical output tree and merged mapping files, else a difference and status 1.
compare() {  # label, output dir, mapping dirs...
  local label=$1 out=$2; shift 2
  local merged="$work/merged-$label"
  rm -rf "$merged"
  dcm-pseudo merge-mapping -o "$merged" "$@" || { echo "$label: merge-mapping failed"; status=1; return; }
  local ok=1
  if ! cmp -s "$work/serial.sums" <(sums "$out"); then
    ok=0; echo "$label: output tree DIFFERENT"; { diff "$work/serial.sums" <(sums "$out") || true; } | head -10
  fi
  for m in uid_mapping.csv patid_mapping.csv; do
    if ! cmp -s "$work/merged-serial/$m" "$merged/$m"; then ok=0; echo "$label: $m DIFFERENT"; fi
  done
  if [ $ok = 1 ]; then
    echo "$label: identical to the serial run ($(wc -l < "$work/serial.sums") files, $(($(wc -l < "$merged/uid_mapping.csv") - 1)) UID rows, $(($(wc -l < "$merged/patid_mapping.csv") - 1)) patient rows)"
  else status=1; fi
}

# The inputs are read under their path relative to $work, so that lists of paths mean the
# same on every host (each host unpacks its share under its own working folder).
ln -s "$in" "$work/in"
cd "$work"
dcm-pseudo keygen -o deid.key >/dev/null
nfiles=$(find -L in -type f | wc -l)

echo "serial run: $nfiles input files"
t0=$(now)
set +e
dcm-deid -q "${deid_opts[@]}" --key-file deid.key --mapping-dir serial-map in serial-out 2>serial.err
serial_status=$?
set -e
t1=$(now)
echo "serial: status $serial_status, $(rate "$nfiles" "$t0" "$t1") files/s"
sums serial-out > serial.sums
[ -s serial.sums ] || { echo "cluster-check: the serial run wrote nothing" >&2; cat serial.err >&2; exit 2; }
dcm-pseudo merge-mapping -o merged-serial serial-map

# Shares: every study's files in one share, in the serial run's order.
dcm-parse --list-shares "$shares" --by study --shares-dir shares in
for k in $(seq "$shares"); do
  tar -cf "shares/share-$k.tar" --dereference -T "shares/share-$k" "shares/share-$k"
done
echo "shares (files): $(for k in $(seq "$shares"); do wc -l < "shares/share-$k"; done | paste -sd' ')"

# ---------------------------------------------------------------- ssh hosts
ssh_part() {
  mkdir -p ssh /run/sshd
  chmod 755 ssh
  ssh-keygen -q -t ed25519 -N '' -C cluster-check -f ssh/client_key
  : > ssh/known_hosts
  : > ssh/config
  groupadd "dcmshare$tag"
  local i=0
  for h in hosta hostb; do
    i=$((i + 1))
    local u="dcm$h$tag" ns="dcm-$h-$tag" home="$work/home-$h" addr="10.231.$i.2"
    # A host: its own network namespace, reachable from here over a veth pair.
    ip netns add "$ns"; netns+=("$ns")
    ip link add "v$h$tag" type veth peer name "p$h$tag"; links+=("v$h$tag")
    ip link set "p$h$tag" netns "$ns"
    ip addr add "10.231.$i.1/24" dev "v$h$tag"; ip link set "v$h$tag" up
    ip netns exec "$ns" ip addr add "$addr/24" dev "p$h$tag"
    ip netns exec "$ns" ip link set "p$h$tag" up
    ip netns exec "$ns" ip link set lo up
    # Its own user and home (its disk), with the tools installed in ~/bin.
    useradd -M -d "$home" -s /bin/bash -G "dcmshare$tag" "$u"; users+=("$u")
    usermod -p "*" "$u"   # no password, but not locked (sshd refuses locked accounts)
    mkdir -p "$home/.ssh" "$home/bin"
    for t in dcm-deid dcm-parse dcm-scrub dcm-pseudo dcm-redact-pixels dcm-write; do cp "$BIN/$t" "$home/bin/"; done
    cp ssh/client_key.pub "$home/.ssh/authorized_keys"
    echo "PATH=$home/bin:/usr/local/bin:/usr/bin:/bin" > "$home/.ssh/environment"
    chown -R "$u:$u" "$home"; chmod 700 "$home" "$home/.ssh"
    # Its own sshd and host key.
    mkdir -p "ssh/$h"
    ssh-keygen -q -t ed25519 -N '' -f "ssh/$h/host_key"
    cat > "ssh/$h/sshd_config" <<EOF
ListenAddress $addr
Port 22
HostKey $work/ssh/$h/host_key
PidFile none
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin no
AllowUsers $u
PermitUserEnvironment PATH
MaxStartups 100
MaxSessions 100
Subsystem sftp internal-sftp
EOF
    ip netns exec "$ns" /usr/sbin/sshd -D -e -f "ssh/$h/sshd_config" 2>"ssh/$h/sshd.log" &
    pids+=($!)
    echo "$addr $(cut -d' ' -f1,2 "ssh/$h/host_key.pub")" >> ssh/known_hosts
    cat >> ssh/config <<EOF
Host $h
  HostName $addr
  User $u
  IdentityFile $work/ssh/client_key
  IdentitiesOnly yes
  UserKnownHostsFile $work/ssh/known_hosts
  StrictHostKeyChecking yes
  BatchMode yes
EOF
  done
  local ssh="ssh -F $work/ssh/config"
  for h in hosta hostb; do
    for _ in $(seq 50); do $ssh "$h" true 2>/dev/null && break; sleep 0.2; done
    $ssh "$h" 'test "$(command -v dcm-deid)" = "$HOME/bin/dcm-deid"' \
      || { echo "cluster-check: cannot log in to $h" >&2; cat "ssh/$h/sshd.log" >&2; exit 2; }
  done
  echo "ssh: hosta $($ssh hosta 'hostname -I; id -un' | paste -sd' '), hostb $($ssh hostb 'hostname -I; id -un' | paste -sd' ')"

  # Variant 1, no shared disk: each job gets its share (a tar of its files and their list)
  # and the key (once per host), unpacks the share in a folder of its own, and returns one
  # tar of its output, mapping folder and messages; --cleanup removes the tars and the key,
  # the job its folder, so nothing is left on the hosts.
  job='mkdir -p job-{} && tar -xf shares/share-{}.tar -C job-{} && cd job-{} && { dcm-deid -q '"${deid_opts[*]}"' --key-file ../deid.key --mapping-dir map --files-from shares/share-{} out 2>log; e=$?; tar -cf ../result-{}.tar out map log; cd .. && rm -rf job-{}; [ $e -le 1 ]; }'
  run_ssh() {  # label, sshlogins, more parallel options...
    local label=$1 logins=$2; shift 2
    rm -rf "$label"; mkdir -p "$label/out"
    local t0 t1 st
    t0=$(now)
    set +e
    seq "$shares" | parallel --ssh "$ssh" --sshlogin "$logins" --workdir deid-run \
      --basefile deid.key --transferfile shares/share-{}.tar --return result-{}.tar --cleanup \
      --joblog "$label.joblog" "$@" "$job" 2>"$label.err"
    st=$?
    set -e
    t1=$(now)
    for k in $(seq "$shares"); do
      [ -f "result-$k.tar" ] || continue
      mkdir "$label/res-$k"; tar -xf "result-$k.tar" -C "$label/res-$k"; rm "result-$k.tar"
      [ -d "$label/res-$k/out" ] && cp -a "$label/res-$k/out/." "$label/out/"
      mv "$label/res-$k/map" "$label/map-$k"
    done
    echo "$label ($logins): parallel status $st, $(rate "$nfiles" "$t0" "$t1") files/s"
    [ "$st" = 0 ] || { status=1; head -5 "$label.err"; }
    compare "$label" "$label/out" "$label"/map-*
  }
  run_ssh ssh-1host 1/hosta
  run_ssh ssh-2hosts 1/hosta,1/hostb
  leftovers

  # Variant 2, a shared output folder (as NFS would be): both hosts write into one OUT and
  # each job its own mapping folder there; inputs still travel with the job.
  mkdir -p shared/out shared/map
  chgrp -R "dcmshare$tag" shared; chmod 2770 shared shared/out shared/map
  local t0 t1 st
  t0=$(now)
  set +e
  seq "$shares" | parallel --ssh "$ssh" --sshlogin 1/hosta,1/hostb --workdir deid-run \
    --basefile deid.key --transferfile shares/share-{}.tar --cleanup \
    'mkdir -p job-{} && tar -xf shares/share-{}.tar -C job-{} && cd job-{} && { umask 007; dcm-deid -q '"${deid_opts[*]}"' --key-file ../deid.key --mapping-dir '"$work"'/shared/map/{} --files-from shares/share-{} '"$work"'/shared/out; e=$?; cd .. && rm -rf job-{}; [ $e -le 1 ]; }' \
    2>ssh-shared.err
  st=$?
  set -e
  t1=$(now)
  echo "ssh-shared (1/hosta,1/hostb): parallel status $st, $(rate "$nfiles" "$t0" "$t1") files/s"
  [ "$st" = 0 ] || { status=1; head -5 ssh-shared.err; }
  compare ssh-shared shared/out shared/map/*

  # A host dies mid-run: hostb's sshd and every process of its user are killed once it has
  # begun; --retries 2 runs its failed job again on hosta, and the result is the same.
  ( for _ in $(seq 600); do
      [ -n "$(pgrep -u "dcmhostb$tag" dcm-write)" ] && break; sleep 0.1
    done
    kill "${pids[1]}"; pkill -KILL -u "dcmhostb$tag" ) &
  local killer=$!
  run_ssh ssh-hostdies 1/hosta,1/hostb --retries 2
  wait "$killer" || true
  echo "ssh-hostdies: hostb killed; jobs per host (final attempts): $(awk 'NR > 1 { print $2 }' ssh-hostdies.joblog | sort | uniq -c | paste -sd' '); refused connections to hostb: $(grep -c "Connection refused" ssh-hostdies.err)"
}

# Nothing left behind on the hosts (--cleanup and the job's own clean-up), the key included.
leftovers() {
  local h left
  for h in hosta hostb; do
    left=0; [ -d "$work/home-$h/deid-run" ] && left=$(find "$work/home-$h/deid-run" -type f | wc -l)
    [ "$left" = 0 ] || { echo "ssh: $left files left on $h"; status=1; }
  done
}

# ---------------------------------------------------------------- Slurm
slurm_part() {
  mkdir -p slurm/state slurm/spool slurm/log
  chmod 755 slurm
  # munge: its own key and socket.
  mkdir -p slurm/munge slurm/run
  dd if=/dev/urandom of=slurm/munge/munge.key bs=1024 count=1 2>/dev/null
  chmod 700 slurm/munge; chmod 400 slurm/munge/munge.key
  local sock=$work/slurm/run/munge.socket
  /usr/sbin/munged --force --key-file slurm/munge/munge.key --socket "$sock" \
    --pid-file slurm/munged.pid --log-file slurm/log/munged.log --seed-file slurm/munge/seed
  local cpus=${SLURM_CPUS:-4}
  slurm_conf=$work/slurm/slurm.conf
  cat > "$slurm_conf" <<EOF
ClusterName=dcmcheck
SlurmctldHost=localhost
SlurmctldPort=${SLURMCTLD_PORT:-16817}
SlurmdPort=${SLURMD_PORT:-16818}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$sock
CredType=cred/munge
StateSaveLocation=$work/slurm/state
SlurmdSpoolDir=$work/slurm/spool
SlurmctldPidFile=$work/slurm/slurmctld.pid
SlurmdPidFile=$work/slurm/slurmd.pid
SlurmctldLogFile=$work/slurm/log/slurmctld.log
SlurmdLogFile=$work/slurm/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SlurmdParameters=config_overrides
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=localhost CPUs=$cpus State=UNKNOWN
PartitionName=main Nodes=localhost Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
EOF
  export SLURM_CONF=$slurm_conf
  /usr/sbin/slurmctld -f "$slurm_conf"
  /usr/sbin/slurmd -f "$slurm_conf"
  for _ in $(seq 60); do sinfo -h -o %t 2>/dev/null | grep -qE '^(idle|mix|alloc)' && break; sleep 0.5; done
  sinfo -h -o %t | grep -qE '^(idle|mix|alloc)' \
    || { echo "cluster-check: Slurm node not ready: $(sinfo 2>&1)" >&2; tail -20 slurm/log/*.log >&2; exit 2; }
  echo "slurm: $(sinfo -h -o '%P %D node(s) %c CPUs %t')"

  # The recipe of dcm-deid(7): one array task per share list; each task its own mapping folder.
  cat > slurm/deid.sbatch <<EOF
#!/bin/bash
#SBATCH --job-name=dcm-deid
#SBATCH --cpus-per-task=1
#SBATCH --output=$work/slurm/log/task-%a.out
k=\$SLURM_ARRAY_TASK_ID
dcm-deid -q ${deid_opts[*]} --skip-existing --key-file $work/deid.key \\
    --mapping-dir $work/\$RUN/map-\$k --files-from $work/shares/share-\$k $work/\$RUN/out
e=\$?
[ \$e -le 1 ]
EOF
  run_array() {  # label, tasks at once
    local label=$1 at=$2 t0 t1 id
    rm -rf "$label"; mkdir -p "$label"
    t0=$(now)
    id=$(cd "$work" && RUN=$label sbatch --parsable --export=ALL,RUN="$label" --array="1-$shares%$at" slurm/deid.sbatch)
    wait_job "$id"
    t1=$(now)
    echo "$label (array 1-$shares, $at at once): $(job_states "$id"), $(rate "$nfiles" "$t0" "$t1") files/s"
    compare "$label" "$label/out" "$label"/map-*
  }
  wait_job() { while squeue -h -j "$1" 2>/dev/null | grep -q .; do sleep 0.5; done; }
  job_states() { scontrol show job "$1" 2>/dev/null | grep -oE 'JobState=[A-Z]+' | sort | uniq -c | awk '{printf "%s%s x%s", (NR>1?", ":""), $2, $1}'; }
  run_array slurm-1 1
  run_array slurm-2 2
  run_array slurm-4 4

  # A task killed mid-run (scancel once it has written some files), then that task run again:
  # --skip-existing keeps what is there, and the result is the same.
  local label=slurm-kill id k=1 n0
  rm -rf "$label"; mkdir -p "$label"
  n0=$(wc -l < "shares/share-$k")
  id=$(RUN=$label sbatch --parsable --export=ALL,RUN="$label" --array="$k" slurm/deid.sbatch)
  for _ in $(seq 600); do
    [ "$(find "$label/out" -type f 2>/dev/null | wc -l)" -ge $((n0 / 3 + 1)) ] && break
    sleep 0.1
  done
  scancel --signal=KILL --full "$id" 2>/dev/null || echo "$label: task $k ended before it could be killed (too few files for this check)"
  wait_job "$id"
  local written; written=$(find "$label/out" -type f 2>/dev/null | wc -l)
  echo "$label: task $k killed after $written of $n0 files ($(job_states "$id"))"
  touch "$label/rerun.start"; sleep 1
  id=$(RUN=$label sbatch --parsable --export=ALL,RUN="$label" --array="1-$shares" slurm/deid.sbatch)
  wait_job "$id"
  echo "$label: re-run of the whole array: $(job_states "$id"); $(find "$label/out" -type f ! -newer "$label/rerun.start" | wc -l) files of the killed task kept as they were (--skip-existing)"
  compare "$label" "$label/out" "$label"/map-*
}

[ "$what" = slurm ] || ssh_part
[ "$what" = ssh ] || slurm_part
[ "$status" = 0 ] && echo "cluster-check: every run = the serial run"
exit $status
