#!/usr/bin/env bash
# docs/README.md is the index of docs/: every link in it resolves, and every page is linked
# (a page another engineer has just added and not yet linked is reported as TODO, not a failure).
# Usage: check-docs.sh SOURCE_ROOT
set -uo pipefail
docs=$1/docs
. "$(dirname "$0")/tap.sh"

links=$(grep -o '](\([^)#]*\)' "$docs/README.md" | sed 's/^](//' | sort -u)
dead=$(for l in $links; do [ -e "$docs/$l" ] || echo "$l"; done)
check "every link in docs/README.md resolves${dead:+ (dead: $(echo $dead))}" test -z "$dead"
for page in "$docs"/*.md; do
  name=$(basename "$page")
  [ "$name" = README.md ] && continue
  if grep -qx "$name" <<<"$links"; then
    ok "docs/README.md links $name"
  else
    tap_count=$((tap_count + 1))
    echo "not ok $tap_count - docs/README.md links $name # TODO link the new page in docs/README.md"
  fi
done

done_testing
