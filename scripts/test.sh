#!/usr/bin/env bash
# Runs the whole test suite: unit tests, then integration tests against the real parts the tests start themselves
# (Mosquitto with passwords, ACL and TLS; pcscd + vsmartcard's vpcd; socat pty pairs for the ID003 acceptor;
# headless Chromium with chromedriver for the touchscreen page).
# Installs the Debian packages those tests need when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the integration tests start themselves, and the tools the release tests run (shellcheck on
# the install script, systemd-analyze verify on the units).
packages=(mosquitto mosquitto-clients socat pcscd vsmartcard-vpcd chromium chromium-driver shellcheck systemd)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing Debian packages the integration tests need: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# The packaged broker is not needed as a service: tests start their own on free ports.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet mosquitto 2>/dev/null; then
  echo "note: a system mosquitto service is running; tests use their own brokers on other ports"
fi

exec mvn -B -ntp verify "$@"
