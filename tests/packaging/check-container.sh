#!/usr/bin/env bash
# No container engine runs here, so the Containerfile is checked for what can be checked without
# one: its runtime stage installs a package for every shared library the installed binaries
# link, those packages exist in Debian 12, its config rewrite matches the sample config, and its
# HEALTHCHECK command passes against the installed server (and fails with a wrong password).
# (No Containerfile linter is packaged in Debian 12, so none is run.)
# Usage: check-container.sh BUILD_ROOT SOURCE_ROOT PREFIX BINDIR SANITIZE
set -uo pipefail
build=$1 source=$2 prefix=$3 bindir=$4 sanitize=$5
containerfile=$source/Containerfile
. "$(dirname "$0")/tap.sh"

runtime_stage() { awk '/^FROM /{n++} n==2' "$containerfile"; }
in_file() { grep -Eq "$1" "$containerfile"; }
in_runtime_stage() { runtime_stage | grep -Eq "$1"; }
check "build stage is Debian 12 slim" in_file '^FROM debian:12-slim AS build$'
check "build stage builds and installs with meson" in_file 'meson install -C /build --destdir'
check "runtime stage is Debian 12 slim" in_runtime_stage '^FROM debian:12-slim$'
check "runs as a non-root numeric user" in_runtime_stage '^USER [1-9][0-9]*:[1-9][0-9]*$'
check "EXPOSE 2333" in_runtime_stage '^EXPOSE 2333$'
check "HEALTHCHECK asks /version with the Authorization header" \
  sh -c 'grep -A1 "^HEALTHCHECK" "$1" | grep -q "Authorization: .*http://127.0.0.1:2333/version"' _ "$containerfile"
check "sample config has the listen address the image rewrites" \
  grep -qx "  address: 127.0.0.1" "$source/config/application.yml"

# Packages named in the runtime stage's apt-get install, up to the next `&&` command.
runtime_stage | awk '/apt-get install/{on=1; next} /^ *&&/{on=0} on{print} !/\\$/{on=0}' |
  tr -d '\\' | tr ' ' '\n' | grep -E '^[a-z0-9][a-z0-9.+-]+$' | sort -u >"$scratch/packages"
echo "# runtime packages: $(tr '\n' ' ' <"$scratch/packages")"

# One apt-cache call (each costs seconds); unknown names are absent from its output.
apt-cache show --no-all-versions $(cat "$scratch/packages") 2>/dev/null |
  sed -n 's/^Package: //p' | sort -u >"$scratch/known"
if [ -s "$scratch/known" ]; then
  missing=$(comm -23 "$scratch/packages" "$scratch/known" | tr '\n' ' ')
  check "every runtime package exists in Debian 12${missing:+ (missing: $missing)}" test -z "$missing"
else
  skip "apt package lists are absent (run apt-get update) so package names cannot be checked"
fi

# Every NEEDED library of every installed ELF file → its Debian package → listed (or in the base).
install_tree "$build"
base_packages=" libc6 libgcc-s1 libstdc++6 "  # in debian:12-slim (apt itself needs them)
# A sanitizer build links its runtimes; the image is built without sanitizers.
[ "$sanitize" = none ] || base_packages+="libasan8 libubsan1 liblsan0 "
uncovered=""
declare -A package_of
while IFS= read -r elf; do
  while read -r soname arrow path _; do
    [ "$arrow" = "=>" ] && [ -e "$path" ] || continue
    readelf -d "$elf" | grep -q "(NEEDED).*\[$soname\]" || continue
    if [ -z "${package_of[$path]+set}" ]; then
      alt=${path#/usr}; [ "$alt" = "$path" ] && alt=/usr$path  # merged /usr: dpkg knows one
      package=$(dpkg -S "$path" 2>/dev/null || dpkg -S "$alt" 2>/dev/null)
      package_of[$path]=${package%%:*}
    fi
    package=${package_of[$path]}
    if [ -z "$package" ]; then
      uncovered+=" $soname(no-package)"
    elif [[ $base_packages != *" $package "* ]] && ! grep -qx "$package" "$scratch/packages"; then
      uncovered+=" $soname($package)"
    fi
  done < <(ldd "$elf" 2>/dev/null)
done < <(find "$scratch/root$prefix" -type f \( -perm -u+x -o -name "*.so" \) -exec sh -c 'head -c4 "$1" | grep -q ELF' _ {} \; -print)
check "runtime stage installs the package of every linked library${uncovered:+ (missing:$uncovered)}" test -z "$uncovered"

# The HEALTHCHECK command, as written, against the installed server on a free port with the
# sample config (the image's default), and the image's password against the sample's.
password=$(sed -n 's/^ENV LAVALINK_HEALTHCHECK_PASSWORD=//p' "$containerfile")
check "health-check password equals the sample config's" \
  grep -qx "    password: \"$password\"" "$source/config/application.yml"
healthcheck=$(sed -n '/^HEALTHCHECK/,/[^\\]$/p' "$containerfile" | sed -n 's/^ *CMD //p')
sed 's/^  port: 2333$/  port: 0/' "$source/config/application.yml" >"$scratch/application.yml"
"$scratch/root$prefix/$bindir/lavalink-gst" --config "$scratch/application.yml" >"$scratch/server.out" 2>&1 &
server=$!
port=""
for _ in $(seq 100); do
  port=$(sed -n 's|^Listening on http://127.0.0.1:\([0-9]*\)/$|\1|p' "$scratch/server.out")
  [ -n "$port" ] && break
  sleep 0.1
done
if [ -z "$port" ]; then
  sed 's/^/# /' "$scratch/server.out"
  not_ok "installed server starts with the sample config on a free port"
else
  health() { LAVALINK_HEALTHCHECK_PASSWORD=$1 sh -c "${healthcheck//:2333\//:$port/}" >/dev/null 2>&1; }
  check "HEALTHCHECK command passes against the running server" health "$password"
  check "HEALTHCHECK command fails with a wrong password" sh -c '! "$@"' _ health wrong-password
fi
kill "$server" 2>/dev/null
wait "$server" 2>/dev/null

done_testing
