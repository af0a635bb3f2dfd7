#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# test-jingle-inspect.sh JINGLE_INSPECT DATADIR
#
# Runs jingle-inspect on every DATADIR/*.xml and compares its standard
# output with the .expected file next to it.  bad-*.xml must exit 1 (the
# IQ is rejected), everything else 0.  Then the usage and I/O errors,
# which exit 2.  Output is TAP.
#
# JD_TEST_REGENERATE=1 rewrites the .expected files instead of comparing
# them (NetworkManager's NM_TEST_REGENERATE); review the diff.

set -u

inspect=$1
datadir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

n=0
failed=0

ok () {
  n=$((n + 1))
  echo "ok $n - $1"
}

not_ok () {
  n=$((n + 1))
  failed=1
  echo "not ok $n - $1"
}

# check NAME EXPECTED_STATUS ACTUAL_STATUS
check_status () {
  if [ "$3" -eq "$2" ]; then
    ok "$1: exit $3"
  else
    not_ok "$1: exit $3, expected $2"
  fi
}

# check_same NAME EXPECTED_FILE ACTUAL_FILE
check_same () {
  if cmp -s "$2" "$3"; then
    ok "$1: output"
  else
    not_ok "$1: output differs from $(basename "$2")"
    diff -u "$2" "$3" | sed 's/^/# /'
  fi
}

# check_output NAME EXPECTED_FILE ACTUAL_FILE: the golden comparison.
check_output () {
  if [ "${JD_TEST_REGENERATE:-0}" = 1 ]; then
    cp "$3" "$2"
    ok "$1: regenerated $(basename "$2")"
  else
    check_same "$@"
  fi
}

# check_error_line NAME ACTUAL_FILE: a rejection ends with the one-line
# verdict, whatever the .expected file says.
check_error_line () {
  if tail -n 1 "$2" | grep -Eq '^error: (not well-formed XML|[a-z]+/[a-z-]+(\+[a-z-]+)?: .+)$'; then
    ok "$1: error line"
  else
    not_ok "$1: no error line"
  fi
}

for xml in "$datadir"/*.xml; do
  name=$(basename "$xml" .xml)
  case $name in
    bad-*) want=1 ;;
    *) want=0 ;;
  esac
  "$inspect" "$xml" >"$tmp/$name.out" 2>"$tmp/$name.err"
  check_status "$name" "$want" $?
  check_output "$name" "$datadir/$name.expected" "$tmp/$name.out"
  if [ "$want" -eq 1 ]; then
    check_error_line "$name" "$tmp/$name.out"
  fi
done

# The same input on stdin, both ways of asking for it.
"$inspect" <"$datadir/offer.xml" >"$tmp/stdin.out"
check_status "stdin" 0 $?
check_same "stdin" "$datadir/offer.expected" "$tmp/stdin.out"
"$inspect" - <"$datadir/offer.xml" >"$tmp/dash.out"
check_status "dash" 0 $?
check_same "dash" "$datadir/offer.expected" "$tmp/dash.out"

# check_usage NAME STATUS ARGS...: the status, and nothing on stdout.
check_usage () {
  name=$1
  want=$2
  shift 2
  "$inspect" "$@" >"$tmp/usage.out" 2>"$tmp/usage.err"
  check_status "$name" "$want" $?
  if [ "$want" -ne 0 ] && [ -s "$tmp/usage.out" ]; then
    not_ok "$name: wrote to stdout"
  elif [ "$want" -ne 0 ] && [ ! -s "$tmp/usage.err" ]; then
    not_ok "$name: said nothing on stderr"
  else
    ok "$name: streams"
  fi
}

check_usage "missing file" 2 "$tmp/does-not-exist.xml"
check_usage "two files" 2 "$datadir/offer.xml" "$datadir/offer.xml"
check_usage "unknown option" 2 --no-such-option
check_usage "help" 0 --help
if grep -q 'FILE.xml' "$tmp/usage.out"; then
  ok "help: mentions FILE.xml"
else
  not_ok "help: mentions FILE.xml"
fi

echo "1..$n"
exit $failed
