# TAP helpers and the shared `meson install` step for the packaging checks (sourced, bash).
tap_count=0
tap_failed=0

ok() { tap_count=$((tap_count + 1)); echo "ok $tap_count - $*"; }
not_ok() { tap_count=$((tap_count + 1)); tap_failed=1; echo "not ok $tap_count - $*"; }
skip() { tap_count=$((tap_count + 1)); echo "ok $tap_count - # SKIP $*"; }
# check DESCRIPTION COMMAND...: one test point from a command's exit status.
check() {
  local what=$1
  shift
  if "$@"; then ok "$what"; else not_ok "$what"; fi
}
done_testing() {
  echo "1..$tap_count"
  exit "$tap_failed"
}

# Scratch directory, removed on exit.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/lava-packaging.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# install_tree BUILD_ROOT: `meson install` into $scratch/root; sets $root (the prefix inside it).
install_tree() {
  if ! meson install -C "$1" --no-rebuild --quiet --destdir "$scratch/root" >"$scratch/install.log" 2>&1; then
    sed 's/^/# /' "$scratch/install.log"
    not_ok "meson install --destdir"
    done_testing
  fi
  ok "meson install --destdir"
}
