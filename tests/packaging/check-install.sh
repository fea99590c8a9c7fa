#!/usr/bin/env bash
# `meson install` puts the plugin, the server, the sample configuration and the systemd unit
# where GStreamer, users and systemd look for them, and what it installs works.
# Usage: check-install.sh BUILD_ROOT SOURCE_ROOT PREFIX BINDIR LIBDIR DATADIR SANITIZE VERSION
set -uo pipefail
build=$1 source=$2 prefix=$3 bindir=$4 libdir=$5 datadir=$6 sanitize=$7 version=$8
. "$(dirname "$0")/tap.sh"

install_tree "$build"
root=$scratch/root$prefix
plugin_dir=$root/$libdir/gstreamer-1.0
server=$root/$bindir/lavalink-gst
data=$root/$datadir/gst-lavalink

check "plugin installed in GStreamer's plugin dir ($libdir/gstreamer-1.0)" test -f "$plugin_dir/libgstlavalink.so"
check "server installed in $bindir" test -x "$server"
check "server runs from the install tree" sh -c '"$1" --version | grep -q "^lavalink-gst "' _ "$server"
check "sample application.yml in $datadir/gst-lavalink" cmp -s "$source/config/application.yml" "$data/application.yml"
check "systemd unit in lib/systemd/system" test -f "$root/lib/systemd/system/lavalink-gst.service"
check "systemd unit runs the installed server" \
  grep -qx "ExecStart=$prefix/$bindir/lavalink-gst --config \${CREDENTIALS_DIRECTORY}/application.yml" \
  "$root/lib/systemd/system/lavalink-gst.service"
check "no pkg-config file (we ship no library)" sh -c '! find "$1" -name "*.pc" | grep -q .' _ "$scratch/root"
check "no headers or static libraries installed" \
  sh -c '! find "$1" \( -name "*.h" -o -name "*.a" \) | grep -q .' _ "$scratch/root"

# gst-yaml-launch and the shipped pipelines, once the YAML loader (issue #5) installs them.
if [ -e "$build/pipelines/gst-yaml-launch" ]; then
  check "gst-yaml-launch installed in $bindir" test -x "$root/$bindir/gst-yaml-launch"
fi
for yaml in "$source"/pipelines/*.yaml; do
  [ -e "$yaml" ] || continue
  name=$(basename "$yaml")
  check "pipeline $name installed in $datadir/gst-lavalink/pipelines" cmp -s "$yaml" "$data/pipelines/$name"
done

# Load the installed plugin in a clean registry: it must register and list its elements.
if [ "$sanitize" != none ]; then
  skip "gst-inspect of the installed plugin (sanitizer build: gst-inspect-1.0 cannot load an ASan .so)"
else
  inspect=$scratch/inspect.txt
  GST_REGISTRY=$scratch/registry.bin GST_PLUGIN_SYSTEM_PATH_1_0=$plugin_dir GST_PLUGIN_PATH_1_0= \
    gst-inspect-1.0 lavalink >"$inspect" 2>&1
  check "gst-inspect-1.0 loads the installed plugin" grep -q "lavavolume" "$inspect"
  check "installed plugin reports our version" grep -Eq "Version[[:space:]]+$version\$" "$inspect"
fi

done_testing
