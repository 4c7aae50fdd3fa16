#!/usr/bin/env bash
# Benchmark of a Berth VM under QEMU; prints figures, asserts nothing.
#   bench/qemu.sh [BUILD_DIR]
# create -> `docker run` works, split into: image preparation, guest boot to SSH, provisioning,
# Docker TLS ready; then guest power-on -> Docker TLS ready on three plain starts, image sizes, and
# the guest's memory in use with the daemon idle. The machine shares the user's home (the default).
# Targets: Berth's own time (everything but the guest's boot) <= 15 s; power-on -> Docker TLS
# ready <= 25 s under TCG; image <= 200 MB compressed.
bench=qemu
. "$(dirname "$0")/lib/qemu-machine.sh"

# Prefixes every line with the milliseconds since $1.
stamp() { local t0=$1; while IFS= read -r line; do echo "$(( ($(now) - t0) / 1000000 )) $line"; done; }

t0=$(now)
"$berth" -s "$store" create -d qemu --qemu-cpu-count 2 --qemu-memory 1024 bench 2>&1 | stamp "$t0" >"$work/create.log"
at() { awk -v pat="$1" 'index($0, pat) {print $1; exit}' "$work/create.log"; }
prep=$(at "Creating SSH key")
boot_start=$(at "Starting the VM")
ssh_up=$(at "Waiting for machine to be running")
prov_start=$(at "Detecting the provisioner")
tls_wait=$(at "Checking connection to Docker")
done_at=$(at "Docker is up and running")
eval "$("$berth" -s "$store" env --shell bash bench)"
load_busybox
t1=$(now)
/usr/bin/docker run --rm berth-test/busybox:latest true
run_ms=$(( ($(now) - t1) / 1000000 ))
total=$(( ($(now) - t0) / 1000000 ))

echo "create -d qemu, $(grep -q 'No hardware acceleration' "$work/create.log" && echo TCG || echo KVM):"
echo "  image preparation (verify + copy into the store): ${prep} ms"
echo "  disks, seed, QEMU start: $(( boot_start - prep )) ms"
echo "  guest boot to SSH: $(( ssh_up - boot_start )) ms"
echo "  provisioning (detect, certs and configuration checked over SSH; restart only if they changed): $(( tls_wait - prov_start )) ms"
echo "  Docker TLS ready (started from the seed while the VM booted): $(( done_at - tls_wait )) ms"
echo "  create total: ${done_at} ms; first docker run: ${run_ms} ms; everything: ${total} ms"
echo "  Berth's own time (create total minus guest boot): $(( done_at - (ssh_up - boot_start) )) ms (target 15000)"

# TCG times vary by seconds between runs on a shared machine: three starts, and their median.
starts=()
for _ in 1 2 3; do
    "$berth" -s "$store" stop bench >/dev/null
    t2=$(now)
    "$berth" -s "$store" start bench >/dev/null
    starts+=($(( ($(now) - t2) / 1000000 )))
done
median=$(printf '%s\n' "${starts[@]}" | sort -n | sed -n 2p)
echo "start (power-on -> Docker answers over TLS): ${starts[*]} ms, median ${median} ms (target 25000)"
mem=$("$berth" -s "$store" ssh bench "free -m | awk '/^Mem:/ {print \$3}'")
echo "guest memory in use, daemon idle: ${mem} MB"
echo "image: $(du -m "$image/system.qcow2" | cut -f1) MB qcow2 (compressed), $(du -m "$image/system.vdi" | cut -f1) MB VDI, $(du -m "$image/system.vhdx" | cut -f1) MB VHDX, $(du -m "$image/boot.iso" | cut -f1) MB boot ISO"
