#!/usr/bin/env bash
# Formats every hand-written Java source with the project's formatter, then runs the style checks the build runs in
# verify: the formatter's check (spotless:check), checkstyle and the compiler's -Xlint:all -Werror (CONTRIBUTING.md).
#   build/reformat.sh              format, then check (exit status non-zero when a check fails)
#   build/reformat.sh --check      check only, change nothing
# Extra arguments go to Maven (e.g. -pl gateway). Works offline when the plugins are in the local repository.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

apply=1
if [ "${1:-}" = "--check" ]; then apply=0; shift; fi
mvn_() { mvn -B -ntp -q "$@"; }
if [ "$apply" = 1 ]; then
  echo "reformat: mvn spotless:apply" >&2
  mvn_ spotless:apply "$@"
fi
# test-compile: -Xlint:all -Werror on main and test sources; then the two style checks, never skipped here.
echo "reformat: compile (-Xlint:all -Werror), spotless:check, checkstyle:check" >&2
mvn_ test-compile spotless:check checkstyle:check -Dspotless.check.skip=false -Dcheckstyle.skip=false "$@"
echo "reformat: sources formatted and style checks passed" >&2
