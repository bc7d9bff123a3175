#!/usr/bin/env bash
# Turns a fresh Raspberry Pi OS (bookworm or trixie, 64-bit, desktop) into a gas kiosk. Run it from the
# unpacked release:   sudo ./install.sh
#
# It installs Java, pcscd and Chromium; creates the service account gaskiosk (groups dialout gpio input lp);
# puts the controller under /opt/gaskiosk, the systemd unit, the udev rules and the labwc autostart that runs
# Chromium in kiosk mode; installs the configuration template as /etc/gaskiosk/kiosk.properties once (a file
# the operator edited is never overwritten); enables pcscd and the controller and (re)starts it.
#
# Idempotent: running it again (say, for an upgrade) converges to the same state.
#
# Environment:
#   DESTDIR=DIR          install into DIR instead of / and touch nothing on the running system (no apt-get,
#                        no systemctl start, no udevadm, no chown); the tests use it
#   KIOSK_DESKTOP_USER   the user whose labwc session shows the kiosk (default: the user with uid 1000)
#   KIOSK_ARCH           dpkg architecture for the libpcsclite path (default: dpkg --print-architecture)
#   KIOSK_SKIP_APT=1     do not install packages (already done, or offline)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="${DESTDIR:-}"
root="${root%/}"
prefix=/opt/gaskiosk

log() { printf 'install.sh: %s\n' "$*"; }
die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }
live() { [ -z "$root" ]; }

if live && [ "$(id -u)" -ne 0 ]; then
  die "run it as root: sudo $0"
fi
[ -f "$here/lib/kiosk-app.jar" ] || die "run it from the unpacked release (no lib/kiosk-app.jar beside it)"

passwd_file="$root/etc/passwd"
desktop_user="${KIOSK_DESKTOP_USER:-}"
if [ -z "$desktop_user" ] && [ -r "$passwd_file" ]; then
  desktop_user="$(awk -F: '$3 == 1000 { print $1; exit }' "$passwd_file")"
fi
[ -n "$desktop_user" ] || die "no desktop user (uid 1000); set KIOSK_DESKTOP_USER"

arch="${KIOSK_ARCH:-$(dpkg --print-architecture)}"
case "$arch" in
  arm64) triplet=aarch64-linux-gnu ;;
  armhf) triplet=arm-linux-gnueabihf ;;
  amd64) triplet=x86_64-linux-gnu ;;
  *) die "unsupported architecture $arch (arm64, armhf or amd64)" ;;
esac

# 1. Packages: Java 17+ (bookworm: 17, trixie: 21), the PC/SC daemon with the CCID driver, Chromium, curl.
if live && [ "${KIOSK_SKIP_APT:-0}" != 1 ]; then
  log "installing packages"
  apt-get update -qq
  chromium=chromium
  if ! apt-cache policy chromium 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    chromium="chromium-browser" # Raspberry Pi OS bookworm calls it so
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    default-jre-headless pcscd libccid libpcsclite1 "$chromium" curl
fi

# 2. The service account and its groups.
install -D -m 0644 "$here/sysusers/gaskiosk.conf" "$root/usr/lib/sysusers.d/gaskiosk.conf"
if live; then
  systemd-sysusers /usr/lib/sysusers.d/gaskiosk.conf
else
  install -d -m 0755 "$root/etc"
  systemd-sysusers --root="$root" "$root/usr/lib/sysusers.d/gaskiosk.conf"
fi

# 3. The controller. lib/ is replaced as a whole, so no jar of an older release stays on the class path.
install -d -m 0755 "$root$prefix" "$root$prefix/bin" "$root$prefix/share"
rm -rf "$root$prefix/lib.new"
cp -R "$here/lib" "$root$prefix/lib.new"
chmod 0755 "$root$prefix/lib.new"
find "$root$prefix/lib.new" -type f -exec chmod 0644 {} +
rm -rf "${root}${prefix:?}/lib"
mv "$root$prefix/lib.new" "$root$prefix/lib"
install -m 0755 "$here/bin/kiosk-browser" "$root$prefix/bin/kiosk-browser"
install -m 0755 "$here/bin/gaskiosk-cds" "$root$prefix/bin/gaskiosk-cds"
install -m 0755 "$here/install.sh" "$root$prefix/install.sh"
install -m 0644 "$here/etc/kiosk.properties" "$root$prefix/share/kiosk.properties.template"
install -m 0644 "$here/etc/secrets.properties" "$root$prefix/share/secrets.properties.template"
if [ -f "$here/share/raspberry-pi.md" ]; then
  install -m 0644 "$here/share/raspberry-pi.md" "$root$prefix/share/raspberry-pi.md"
fi

# 4. Configuration: installed once; the operator's edits survive upgrades.
install -d -m 0755 "$root/etc/gaskiosk"
if [ ! -e "$root/etc/gaskiosk/kiosk.properties" ]; then
  install -m 0644 "$here/etc/kiosk.properties" "$root/etc/gaskiosk/kiosk.properties"
  log "installed /etc/gaskiosk/kiosk.properties (all defaults); edit it for this kiosk"
fi
if [ ! -e "$root/etc/gaskiosk/secrets.properties" ]; then
  install -m 0640 "$here/etc/secrets.properties" "$root/etc/gaskiosk/secrets.properties"
fi
if live; then
  chown root:gaskiosk /etc/gaskiosk/secrets.properties
fi
if [ ! -e "$root/etc/gaskiosk/central-command-key.pem" ]; then
  log "NOTE: put the central system's command key at /etc/gaskiosk/central-command-key.pem;" \
    "the controller does not start without it"
fi

# 5. systemd: the unit, the libpcsclite path of this architecture, and the Pi's hardware watchdog driven by
#    systemd (it tops out at about 15 s).
install -D -m 0644 "$here/systemd/gaskiosk.service" "$root/etc/systemd/system/gaskiosk.service"
install -d -m 0755 "$root/etc/systemd/system/gaskiosk.service.d"
printf '# Written by install.sh for %s.\n[Service]\nEnvironment=PCSCLITE_LIBRARY=/usr/lib/%s/libpcsclite.so.1\n' \
  "$arch" "$triplet" >"$root/etc/systemd/system/gaskiosk.service.d/10-pcsclite.conf"
chmod 0644 "$root/etc/systemd/system/gaskiosk.service.d/10-pcsclite.conf"
install -d -m 0755 "$root/etc/systemd/system.conf.d"
printf '# Written by install.sh: systemd pets the hardware watchdog; a hung system reboots.\n[Manager]\nRuntimeWatchdogSec=14s\n' \
  >"$root/etc/systemd/system.conf.d/50-gaskiosk-watchdog.conf"
chmod 0644 "$root/etc/systemd/system.conf.d/50-gaskiosk-watchdog.conf"

# 6. Stable device names.
install -D -m 0644 "$here/udev/99-gaskiosk.rules" "$root/etc/udev/rules.d/99-gaskiosk.rules"

# 7. The touchscreen: the desktop user's labwc session runs only the kiosk browser.
home="$(awk -F: -v u="$desktop_user" '$1 == u { print $6; exit }' "$passwd_file" 2>/dev/null || true)"
home="${home:-/home/$desktop_user}"
autostart="$root$home/.config/labwc/autostart"
install -d -m 0755 "$(dirname "$autostart")"
if [ -f "$autostart" ] && ! grep -q '^# gaskiosk:' "$autostart"; then
  mv "$autostart" "$autostart.before-gaskiosk"
fi
install -m 0644 "$here/labwc/autostart" "$autostart"
if live; then
  # install -d made any missing folder root's: the user's session must own its configuration.
  chown "$desktop_user:" "$home/.config" "$home/.config/labwc" "$autostart"
fi

# 8. Enable and start.
if live; then
  if command -v raspi-config >/dev/null 2>&1; then
    # Desktop autologin on the labwc (Wayland) session.
    raspi-config nonint do_boot_behaviour B4 || log "set desktop autologin with raspi-config"
    raspi-config nonint do_wayland W3 || log "choose the labwc session with raspi-config"
  fi
  udevadm control --reload-rules
  udevadm trigger --subsystem-match=tty --subsystem-match=usbmisc
  systemctl daemon-reload
  systemctl enable --now pcscd.socket
  systemctl enable gaskiosk.service
  systemctl restart gaskiosk.service || log "the controller did not start: systemctl status gaskiosk"
  log "done; reboot to start the kiosk browser on the touchscreen"
else
  systemctl --root="$root" enable gaskiosk.service >/dev/null 2>&1
  log "installed into $root"
fi
