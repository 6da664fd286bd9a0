#!/bin/sh
# Run once, by the maintainer who merges the branches of issue 16, to format
# the whole tree in a commit of its own and from then on enforce the format:
# rewrites every C file of src/, include/ and tests/ with clang-format 14
# (make format), removes .clang-format-pending (so make lint, and with it
# make test and CI, fail on any difference), and checks that make lint
# passes. Then: make check, and commit everything it changed alone, e.g.
#   git commit -a -m 'Format every C file with clang-format 14 (.clang-format); lint enforced'
# (git commit -a also records the removal of .clang-format-pending).
set -eu
cd "$(dirname "$0")/.."
sh tests/lint.sh --fix
rm -f .clang-format-pending
sh tests/lint.sh
