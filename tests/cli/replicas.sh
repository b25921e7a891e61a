#!/usr/bin/env bash
# Read replicas (issue 18, item 4), the topology of README's "Operations": one writer host (the
# partners' writes and the indexer) publishes its index with xapian-replicate-server, a read host
# follows it with xapian-replicate and serves it with its own wegwijzer-server. On loopback here:
# the replica answers as the writer does, a partner's change and a full rebuild reach a search on
# the replica within seconds, and the replica goes on serving while its master is away.
. "$(dirname "$0")/lib.bash"
SERVER="$BUILD/wegwijzer-server"

write_setup
# The writers keep changesets, so that a replica gets each commit as a small change rather than
# a copy of the whole database (without it replication still works, by whole copies).
export XAPIAN_MAX_CHANGESETS=10
rm -rf "$idx" && "$INDEXER" --catalog "$cat_dir" --index "$idx" --quiet
tok=$("$SERVER" token buurthuis-test --partners "$partners" 2>/dev/null)
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$WORK"' EXIT

# The writer host: its server takes the partners' writes; the replication server publishes the
# index folder, whose `current` names the live generation.
serve_as writer --index "$idx" --catalog "$cat_dir" --partners "$partners"
pids+=("$PID")
writer=$BASE
port=$(free_port)
# In a session of its own: stopped, it signals its whole process group, which would be this script.
setsid xapian-replicate-server -I 127.0.0.1 -p "$port" "$idx" >"$WORK/master.log" 2>&1 &
pids+=("$!")

# The read host: a replica of `current`, and an index folder whose `current` is that replica.
replica="$WORK/replica" ridx="$WORK/read-index"
for _ in $(seq 20); do # until the replication server listens
  run xapian-replicate -h 127.0.0.1 -p "$port" -m current -o "$replica"
  [ "$STATUS" = 0 ] && break
  sleep 0.25
done
expect_status "a read host copies the writer's index (xapian-replicate --one-shot)" 0
mkdir -p "$ridx" && ln -s "$replica" "$ridx/current"
serve_as reader --index "$ridx" --catalog "$cat_dir"
pids+=("$PID")
reader=$BASE
answers() { # BASE QUERY...: the ids each question finds, one line per question
  local base="$1" q; shift
  for q in "$@"; do curl -s "$base/api/v1/search?q=$q" | python3 -c '
import json, sys; print(" ".join(r["id"] for r in json.load(sys.stdin)["results"]))'; done
}
expect_eq "the read host answers as the writer does" "$(answers "$writer" koffie zwemmen taal)" \
  "$(answers "$reader" koffie zwemmen taal)"

# Following: the read host asks every second.
xapian-replicate -h 127.0.0.1 -p "$port" -m current -i 1 -r 1 "$replica" >"$WORK/follow.log" 2>&1 &
pids+=("$!")
# within SECONDS QUERY: waits until a search on the read host finds something; prints the seconds
within() {
  local limit="$1" q="$2" start=$SECONDS
  while [ $((SECONDS - start)) -lt "$limit" ]; do
    if [ "$(curl -s "$reader/api/v1/search?q=$q" | jsonfield .total)" != 0 ]; then
      echo $((SECONDS - start)); return 0
    fi
    sleep 0.5
  done
  return 1
}
yaml replica-nieuw "Nieuw in de buurt" kleivlechten >"$WORK/new.yaml"
BASE=$writer put replica-nieuw "$tok" "$WORK/new.yaml"
expect_eq "a partner adds an entry on the writer" 201 "$CODE"
if took=$(within 15 kleivlechten); then ok "... and a search on the read host finds it ${took} s later"
else not_ok "... and a search on the read host finds it within 15 s" "$(tail -5 "$WORK/follow.log")"; fi

# A full rebuild publishes a new generation: the replica follows it too.
sed -i 's/^samenvatting: .*/samenvatting: Elke week samen manden vlechten in het buurthuis./' \
  "$cat_dir/aanbod/replica-nieuw.yaml"
"$INDEXER" --catalog "$cat_dir" --index "$idx" --full --quiet
if took=$(within 15 manden); then ok "a full rebuild on the writer reaches the read host (${took} s)"
else not_ok "a full rebuild on the writer reaches the read host within 15 s" "$(tail -5 "$WORK/follow.log")"; fi

# Without its master, a read host goes on with what it has.
kill "${pids[1]}" 2>/dev/null
wait "${pids[1]}" 2>/dev/null
sleep 2
BASE=$reader get "/api/v1/search?q=manden"
expect_eq "with the writer's replication server gone, the read host still answers" 200 "$CODE"
expect_eq "... and still finds what it had" 1 "$(field .total)"
echo "1..$T_NUM"
