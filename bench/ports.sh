#!/usr/bin/env bash
# Benchmark of published ports on this computer (the machine agent, berth-agent); prints figures, asserts nothing.
#   bench/ports.sh [BUILD_DIR]
# A QEMU machine; five times `docker run -d -p PORT:80 httpd`, then how long until 127.0.0.1:PORT answers, counted
# from the moment docker run returned (the container has started then) and from the moment it was run. Also the
# agent's memory. Target: <= 1 s from docker run's return to the port answering.
bench=ports
. "$(dirname "$0")/lib/qemu-machine.sh"

"$berth" -s "$store" create -d qemu --qemu-no-share bench >/dev/null
eval "$("$berth" -s "$store" env --shell bash bench)"
load_busybox

after_return=() after_run=()
for i in 1 2 3 4 5; do
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    t0=$(now)
    /usr/bin/docker run -d -p "$port:80" berth-test/busybox httpd -f -p 80 -h /etc >/dev/null
    t1=$(now)
    until curl -s -m 1 -o /dev/null "http://127.0.0.1:$port/passwd"; do sleep 0.02; done
    t2=$(now)
    after_return+=($(( (t2 - t1) / 1000000 )))
    after_run+=($(( (t2 - t0) / 1000000 )))
done
median() { printf '%s\n' "$@" | sort -n | sed -n 3p; }
echo "docker run -p -> port answers on 127.0.0.1, after docker run returned: ${after_return[*]} ms, median $(median "${after_return[@]}") ms (target 1000)"
echo "  counted from the start of docker run (the container's start under TCG included): ${after_run[*]} ms, median $(median "${after_run[@]}") ms"
pid=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["Pid"])' "$store/machines/bench/agent.json")
echo "agent (berth-agent) resident memory: $(awk '/^VmRSS:/ {print $2, $3}' "/proc/$pid/status")"
