#!/usr/bin/env bash
# A real Slurm on this machine: starts munged (with a generated key), slurmctld and slurmd on
# localhost from a temporary folder, submits `recommend --all` over sample_data/ as a 4-task job
# array (deploy/slurm/recommend-all.sbatch, `sbatch --wait`), merges the shards and checks the
# result equals a single-process run byte for byte. The daemons are always stopped (trap).
# It FAILS, never skips, when Slurm cannot run; the daemons' logs are printed then.
#
# Usage: run-slurm-array.sh RECLENS_CLI SOURCE_DIR
# Needs slurm-wlm and munge (scripts/install-deps.sh). Runs as root (CI) or as any user (the
# daemons and the jobs then run as that user). No cgroups: proctrack/linuxproc, task/none.
set -euo pipefail
CLI=$(realpath "$1")
SRC=$(realpath "$2")
START=$SECONDS

for tool in munged slurmctld slurmd sbatch sinfo scontrol; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool not found (run scripts/install-deps.sh)"; exit 1; }
done

# Always under /tmp: the munge socket path must stay below the 108-byte limit of Unix sockets.
W=$(mktemp -d /tmp/reclens-slurm.XXXXXX)
chmod 700 "$W"
mkdir -p "$W/munge" "$W/state" "$W/spool" "$W/logs"
chmod 700 "$W/munge"
PIDS=()
cleanup() {
  local rc=$?
  # Stop what this script started, by pid, newest first.
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    kill "${PIDS[i]}" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [ "$rc" -ne 0 ]; then
    for f in "$W"/*.log "$W"/logs/*; do
      [ -f "$f" ] && { echo "----- $f"; tail -n 40 "$f"; }
    done
  fi
  rm -rf "$W"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() { echo "FAIL: $*"; exit 1; }

free_port() {
  local p
  for _ in $(seq 200); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  fail "no free TCP port"
}

# munge: a fresh key, its own socket.
dd if=/dev/urandom of="$W/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$W/munge/munge.key"
SOCK="$W/munge/munge.socket"
munged --foreground --force --key-file="$W/munge/munge.key" --socket="$SOCK" \
  --pid-file="$W/munge/munged.pid" --log-file="$W/munged.log" --seed-file="$W/munge/seed" \
  > "$W/munged.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 50); do [ -S "$SOCK" ] && break; sleep 0.1; done
[ -S "$SOCK" ] || fail "munged did not start"

ME=$(id -un)
CPUS=$(nproc)
MEM_MB=$(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo)
HOST=$(hostname -s)
CTLD_PORT=$(free_port)
SLURMD_PORT=$(free_port)
while [ "$SLURMD_PORT" = "$CTLD_PORT" ]; do SLURMD_PORT=$(free_port); done
: > "$W/plugstack.conf"
cat > "$W/slurm.conf" <<CONF
ClusterName=reclens-ci
SlurmctldHost=$HOST(127.0.0.1)
SlurmUser=$ME
SlurmdUser=$ME
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$SOCK
StateSaveLocation=$W/state
SlurmdSpoolDir=$W/spool
SlurmctldPidFile=$W/slurmctld.pid
SlurmdPidFile=$W/slurmd.pid
SlurmctldLogFile=$W/slurmctld.log
SlurmdLogFile=$W/slurmd.log
PlugStackConfig=$W/plugstack.conf
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MailProg=/bin/true
SlurmdTimeout=30
InactiveLimit=0
KillWait=5
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=$MEM_MB State=UNKNOWN
PartitionName=ci Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$W/slurm.conf"

slurmctld -D -i -f "$SLURM_CONF" > "$W/slurmctld.out" 2>&1 &
PIDS+=($!)
slurmd -D -N localhost -f "$SLURM_CONF" > "$W/slurmd.out" 2>&1 &
PIDS+=($!)
state=""
for _ in $(seq 150); do
  state=$(sinfo -h -N -o %T 2>/dev/null || true)
  [ "$state" = "idle" ] && break
  sleep 0.2
done
[ "$state" = "idle" ] || fail "the Slurm node did not become idle (state '$state')"
echo "slurm up after $((SECONDS - START)) s"

# A tiny model, then the batch as one process.
"$CLI" train --data "$SRC/sample_data" --out "$W/tiny.ckpt" --epochs 1 --dim 16 --max-len 20 \
  --threads 1 > "$W/logs/train.log"
"$CLI" recommend --all --model "$W/tiny.ckpt" --data "$SRC/sample_data" --out "$W/one" \
  --threads 1 --block-size 64 --shard 1/1 > "$W/logs/one.log"
"$CLI" merge --in "$W/one" > /dev/null

# The same batch as a 4-task Slurm array; the shard comes from SLURM_ARRAY_TASK_*.
RECLENS_CLI="$CLI" RECLENS_MODEL="$W/tiny.ckpt" RECLENS_DATA="$SRC/sample_data" \
  RECLENS_OUT="$W/array" RECLENS_ARGS="--block-size 64" \
  sbatch --wait --array=1-4 --cpus-per-task=1 --mem=200M --time=5 \
  --output="$W/logs/array-%A_%a.log" "$SRC/deploy/slurm/recommend-all.sbatch" \
  > "$W/logs/sbatch.out" || fail "the array job failed: $(cat "$W/logs/sbatch.out")"
n=$(ls "$W"/array/shards/shard-*-of-00004.json 2>/dev/null | wc -l)
[ "$n" -eq 4 ] || fail "expected 4 finished shards of 4, found $n"
"$CLI" merge --in "$W/array" > /dev/null
for f in recommendations.jsonl summary.json; do
  cmp "$W/one/$f" "$W/array/$f" || fail "$f differs between one process and the Slurm array"
done
lines=$(wc -l < "$W/array/recommendations.jsonl")
[ "$lines" -eq 1500 ] || fail "expected 1500 customers, merged $lines"
echo "PASS: a 4-task Slurm array merged to the single-process bytes ($lines customers," \
  "$((SECONDS - START)) s)"
