#!/bin/bash
# Runs a command and samples its resident memory every 5 s into LOG (wall s, RSS MB, CPU time);
# kills it above LIMIT_MB so a runaway run cannot take the machine. The last line gives the exit
# status, peak RSS and wall time; the command's own output goes to LOG.out.
#   bench/scale/rsswatch.sh LOG LIMIT_MB command [args...]
log=$1
lim=$2
shift 2
start=$(date +%s)
"$@" >"$log.out" 2>&1 &
pid=$!
peak=0
while kill -0 "$pid" 2>/dev/null; do
  rss=$(awk '/VmRSS/{print int($2/1024)}' "/proc/$pid/status" 2>/dev/null)
  [ -n "$rss" ] || break
  [ "$rss" -gt "$peak" ] && peak=$rss
  echo "$(($(date +%s) - start)) s rss ${rss} MB cpu $(ps -o cputime= -p "$pid")" >>"$log"
  if [ "$rss" -gt "$lim" ]; then
    echo "KILLED at $rss MB" >>"$log"
    kill "$pid"
  fi
  sleep 5
done
wait "$pid"
echo "exit $? peak $peak MB wall $(($(date +%s) - start)) s" >>"$log"
