#!/usr/bin/env bash
# Measures the released controller as the unit starts it (the unit's own java flags, production heap cap) on a
# machine without its devices: time from exec to READY=1 on a NOTIFY_SOCKET and to the page being served, then
# the resident memory (VmRSS, VmHWM from /proc/PID/status) after it has run for a while, then the SIGTERM stop.
# Prints numbers; asserts nothing. Needs the release (mvn -DskipTests package), mosquitto, socat, openssl, curl.
#   scripts/measure-controller.sh [runs] [settle-seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
settle="${2:-30}"
tarball="$(ls kiosk-app/target/gaskiosk-*.tar.gz)"
work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

tar -xzf "$tarball" -C "$work"
release="$(echo "$work"/gaskiosk-*)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
broker_port="$(free_port)"
mosquitto -p "$broker_port" >"$work/mosquitto.log" 2>&1 &
pids+=("$!")
openssl genpkey -algorithm ed25519 2>/dev/null | openssl pkey -pubout >"$work/central.pem"

# The unit's flags, with this run's folders; the libpcsclite path is left to the JDK (it finds it here).
read -r -a flags <<<"$(sed -n 's|^ExecStart=/usr/bin/java \(.*\) -jar .*|\1|p' "$release/systemd/gaskiosk.service" |
  sed "s|/var/lib/gaskiosk/tmp|$work/tmp|; s|-Dsun.security.smartcardio.library=\${PCSCLITE_LIBRARY} ||")"
mkdir -p "$work/tmp"
echo "java: $(java -version 2>&1 | head -n 1); cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "flags: ${flags[*]}"

for run in $(seq 1 "$runs"); do
  port="$(free_port)"
  data="$work/run$run"
  mkdir -p "$data"
  cat >"$data/kiosk.properties" <<CONF
kiosk.id=MEASURE-$run
data.dir=$data/data
logs.dir=$data/logs
ui.port=$port
mqtt.uri=tcp://127.0.0.1:$broker_port
fleet.central-key-file=$work/central.pem
secrets.file=$data/secrets.properties
acceptor.device=$data/no-acceptor
printer.device=$data/no-printer
CONF
  socat -u "UNIX-RECV:$data/notify.sock" - >"$data/notify.log" &
  listener=$!
  pids+=("$listener")
  sleep 0.2
  t0=$(date +%s%N)
  NOTIFY_SOCKET="$data/notify.sock" WATCHDOG_USEC=30000000 PCSCLITE_CSOCK_NAME="$data/no-pcscd.comm" \
    java "${flags[@]}" -jar "$release/lib/kiosk-app.jar" --config "$data/kiosk.properties" >"$data/out.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  until grep -q READY=1 "$data/notify.log" 2>/dev/null; do sleep 0.05; done
  t_ready=$(date +%s%N)
  until curl -fs -o /dev/null "http://127.0.0.1:$port/api/state"; do sleep 0.05; done
  t_page=$(date +%s%N)
  sleep "$settle"
  for _ in $(seq 1 20); do curl -fs -o /dev/null "http://127.0.0.1:$port/api/state"; done
  rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
  hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status")
  t_stop0=$(date +%s%N)
  kill -TERM "$pid"
  status=0
  wait "$pid" || status=$?
  t_stop=$(date +%s%N)
  kill "$listener" 2>/dev/null || true
  printf 'run %d: READY=1 after %d ms, page after %d ms; after %ss: VmRSS %d MiB, VmHWM %d MiB; SIGTERM stop %d ms, exit %d\n' \
    "$run" $(((t_ready - t0) / 1000000)) $(((t_page - t0) / 1000000)) "$settle" $((rss / 1024)) $((hwm / 1024)) \
    $(((t_stop - t_stop0) / 1000000)) "$status"
done
