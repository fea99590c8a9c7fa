#!/usr/bin/env bash
# The Flatpak manifests parse with flatpak-builder without unknown keys and have the shape a
# GStreamer extension and a network-only command app need; the AppStream metainfo validates;
# the app's entry point seeds and uses its config. A real build needs the Flathub SDK, which is
# not reachable here (docs/install.md has the commands).
# Usage: check-flatpak.sh BUILD_ROOT SOURCE_ROOT PREFIX BINDIR LIBDIR DATADIR
set -uo pipefail
build=$1 source=$2 prefix=$3 bindir=$4 datadir=$6
flatpak=$source/flatpak
extension=org.freedesktop.Platform.GStreamer.lavalink
app=io.github.gst_lavalink.LavalinkGst
. "$(dirname "$0")/tap.sh"

for tool in flatpak-builder appstreamcli; do
  command -v "$tool" >/dev/null || { not_ok "$tool is installed (scripts/install-deps)"; done_testing; }
done

# show ID: normalised JSON of a manifest on stdout; warnings kept in $scratch/ID.err.
# flatpak-builder makes a state dir (.flatpak-builder) in its working directory: keep it in $scratch.
cd "$scratch" || exit 1
show() { flatpak-builder --show-manifest "$flatpak/$1.yml" >"$scratch/$1.json" 2>"$scratch/$1.err"; }
# field ID JSON-FRAGMENT: the normalised manifest contains this exact "key" : value text.
field() { grep -qF -- "$2" "$scratch/$1.json"; }

for id in $extension $app; do
  check "$id.yml: flatpak-builder --show-manifest exits 0" show "$id"
  sed 's/^/# /' "$scratch/$id.err"
  check "$id.yml: no \"Unknown property\" warning" sh -c '! grep -q "Unknown property" "$1"' _ "$scratch/$id.err"
  check "$id.yml: id matches the file name" field "$id" "\"id\" : \"$id\""
  # --show-deps prints module files absolute and sources relative to the manifest.
  missing=$(flatpak-builder --show-deps "$flatpak/$id.yml" 2>/dev/null | while read -r f; do
    case $f in /*) ;; *) f=$flatpak/$f ;; esac
    [ -e "$f" ] || echo "${f#"$flatpak"/}"; done)
  check "$id.yml: every file it uses exists${missing:+ (missing: $(echo $missing))}" test -z "$missing"
  appstreamcli validate --no-net "$flatpak/$id.metainfo.xml" >"$scratch/$id.validate" 2>&1
  status=$?
  sed 's/^/# /' "$scratch/$id.validate"
  check "$id.metainfo.xml: appstreamcli validate --no-net passes" test "$status" = 0
  check "$id.metainfo.xml: component id is $id" grep -q "<id>$id</id>" "$flatpak/$id.metainfo.xml"
  check "$id.yml: installs its metainfo" field "$id" "\"path\" : \"$id.metainfo.xml\""
done

ext_prefix=/usr/lib/extensions/gstreamer-1.0/lavalink
check "extension: build-extension true" field $extension '"build-extension" : true'
check "extension: prefix $ext_prefix" field $extension "\"prefix\" : \"$ext_prefix\""
check "extension: branch equals the runtime version" \
  sh -c 'v=$(sed -n "s/^  \"runtime-version\" : \"\(.*\)\",$/\1/p" "$1"); grep -q "^  \"branch\" : \"$v\"," "$1"' _ "$scratch/$extension.json"
check "extension: builds this repository with meson" \
  sh -c 'grep -A3 "\"name\" : \"gst-lavalink\"" "$1" | grep -q "\"buildsystem\" : \"meson\""' _ "$scratch/$extension.json"
check "extension: installs only the plugin .so" field $extension 'install -Dm755 -t ${FLATPAK_LIBDIR} gst/libgstlavalink.so'
check "extension metainfo: addon extending org.freedesktop.Platform.GStreamer" \
  sh -c 'grep -q "<component type=\"addon\">" "$1" && grep -q "<extends>org.freedesktop.Platform.GStreamer</extends>" "$1"' \
  _ "$flatpak/$extension.metainfo.xml"

check "app: finish-args is exactly --share=network" \
  sh -c 'tr -d " \n" <"$1" | grep -q "\"finish-args\":\[\"--share=network\"\]"' _ "$scratch/$app.json"
check "app: command is the entry point" field $app '"command" : "run-lavalink-gst"'
check "app: no .desktop file shipped" sh -c '! ls "$1" | grep -q "\.desktop$"' _ "$flatpak"
check "app metainfo: console application providing lavalink-gst" \
  sh -c 'grep -q "<component type=\"console-application\">" "$1" && grep -q "<binary>lavalink-gst</binary>" "$1"' \
  _ "$flatpak/$app.metainfo.xml"

# The app's entry point, run from a real install tree with an empty config home.
install_tree "$build"
root=$scratch/root$prefix
cp "$flatpak/run-lavalink-gst" "$root/$bindir/"
export XDG_CONFIG_HOME=$scratch/config
"$root/$bindir/run-lavalink-gst" --version >"$scratch/entry.out" 2>"$scratch/entry.err"
check "entry point runs lavalink-gst" grep -q "^lavalink-gst " "$scratch/entry.out"
check "entry point seeds the config from the sample on first run" \
  cmp -s "$root/$datadir/gst-lavalink/application.yml" "$XDG_CONFIG_HOME/lavalink-gst/application.yml"
check "entry point says where the config is" grep -q "$XDG_CONFIG_HOME/lavalink-gst/application.yml" "$scratch/entry.err"
echo "server: {port: 1, address: 127.0.0.1}" >"$XDG_CONFIG_HOME/lavalink-gst/application.yml"
"$root/$bindir/run-lavalink-gst" >"$scratch/run.out" 2>&1
sed 's/^/# /' "$scratch/run.out"
check "entry point hands the config in its config dir to the server" grep -qi "password" "$scratch/run.out"
"$root/$bindir/run-lavalink-gst" --config "$scratch/absent.yml" >"$scratch/explicit.out" 2>&1
check "an explicit --config wins" grep -q "absent.yml" "$scratch/explicit.out"

done_testing
