#!/usr/bin/env bash
# The installed systemd unit is valid for systemd itself (systemd-analyze verify, offline) and
# sandboxes the node: dynamic user, read-only system, network-only sockets, no capabilities.
# Usage: check-systemd.sh BUILD_ROOT PREFIX BINDIR
set -uo pipefail
build=$1 prefix=$2 bindir=$3
. "$(dirname "$0")/tap.sh"

if ! command -v systemd-analyze >/dev/null; then
  skip "systemd-analyze is not installed (Debian package systemd)"
  done_testing
fi

install_tree "$build"
root=$scratch/root$prefix
installed=$root/lib/systemd/system/lavalink-gst.service
# verify checks that ExecStart exists: point it at the server inside the install tree.
unit=$scratch/lavalink-gst.service
sed "s|^ExecStart=$prefix/$bindir/|ExecStart=$root/$bindir/|" "$installed" >"$unit"

systemd-analyze verify "$unit" >"$scratch/verify.log" 2>&1
status=$?
sed 's/^/# /' "$scratch/verify.log"
check "systemd-analyze verify exits 0" test "$status" = 0
# verify only warns (exit 0) on unknown keys or bad values; any output is a defect.
check "systemd-analyze verify prints nothing" test ! -s "$scratch/verify.log"

systemd-analyze security --offline=yes "$unit" >"$scratch/security.log" 2>&1
exposure=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' "$scratch/security.log")
echo "# systemd-analyze security: exposure ${exposure:-?} (0 = locked down, 10 = unprotected)"
check "systemd-analyze security exposure is at most 2.0" \
  systemd-analyze security --offline=yes --threshold=20 "$unit"

has() { grep -qx "$1" "$unit"; }
check "DynamicUser=yes" has DynamicUser=yes
check "ProtectSystem=strict" has ProtectSystem=strict
check "Restart=on-failure" has Restart=on-failure
check "LimitNOFILE is raised" grep -Eqx 'LimitNOFILE=[0-9]{5,}' "$unit"
check "only IPv4, IPv6 and Unix sockets" has "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX"
check "no capability beyond binding low ports, none granted" \
  sh -c 'grep -qx "CapabilityBoundingSet=CAP_NET_BIND_SERVICE" "$1" && grep -qx "AmbientCapabilities=" "$1"' _ "$unit"
check "reads /etc/lavalink-gst/application.yml as a credential" \
  has "LoadCredential=application.yml:/etc/lavalink-gst/application.yml"

done_testing
