#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# test-jinglectl.sh JINGLECTL MOCK_JINGLED EXPECTED_DIR INSPECT_DIR
#
# Golden output of jinglectl against mock-jingled (canned objects behind
# the generated skeletons) on a private session bus: run it under
# dbus-run-session with tests/ctl/session.conf.  Each case compares the
# exit status, then stdout and stderr (joined by a "--- stderr" line) with
# EXPECTED_DIR/NAME.expected.  Output is TAP.
#
# JD_TEST_REGENERATE=1 rewrites the .expected files instead of comparing
# them (NetworkManager's NM_TEST_REGENERATE); review the diff.

set -u

ctl=$1
mock=$2
expected=$3
inspect_data=$4
scale=${JD_TEST_TIMEOUT_SCALE:-1}
tmp=$(mktemp -d)
pids=
trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$tmp"' EXIT

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

check () {
  if [ "$2" = 0 ]; then ok "$1"; else not_ok "$1"; fi
}

# check_status NAME EXPECTED_STATUS ACTUAL_STATUS
check_status () {
  if [ "$3" -eq "$2" ]; then
    ok "$1: exit $3"
  else
    not_ok "$1: exit $3, expected $2"
  fi
}

# check_output NAME EXPECTED_FILE ACTUAL_FILE: the golden comparison.
check_output () {
  if [ "${JD_TEST_REGENERATE:-0}" = 1 ]; then
    cp "$3" "$2"
    ok "$1: regenerated $(basename "$2")"
  elif cmp -s "$2" "$3"; then
    ok "$1: output"
  else
    not_ok "$1: output differs from $(basename "$2")"
    diff -u "$2" "$3" | sed 's/^/# /'
  fi
}

# check_json NAME FILE: every line of FILE parses as JSON (when python3
# is there to say so).
check_json () {
  if ! command -v python3 >/dev/null; then
    ok "$1: JSON # SKIP no python3"
    return
  fi
  python3 -c 'import json, sys
for line in open(sys.argv[1]):
    json.loads(line)' "$2"
  check "$1: JSON" $?
}

# run NAME EXPECTED_STATUS ARGS...: jinglectl ARGS against the golden file.
run () {
  name=$1
  want=$2
  shift 2
  "$ctl" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
  check_status "$name" "$want" $?
  { cat "$tmp/$name.out"; echo "--- stderr"; cat "$tmp/$name.err"; } >"$tmp/$name.all"
  check_output "$name" "$expected/$name.expected" "$tmp/$name.all"
  case " $* " in
    *" --json "*) check_json "$name" "$tmp/$name.out" ;;
  esac
}

# wait_for FILE PATTERN: a line matching PATTERN appears, within 10 s.
wait_for () {
  i=0
  while ! grep -q -- "$2" "$1" 2>/dev/null; do
    i=$((i + 1))
    if [ "$i" -gt $((100 * scale)) ]; then
      return 1
    fi
    sleep 0.1
  done
}

# mock_did NAME LINE: mock-jingled logged exactly LINE.
mock_did () {
  grep -qxF -- "$2" "$tmp/mock.log"
  check "$1: the mock got $2" $?
}

# --- no daemon --------------------------------------------------------
DBUS_SESSION_BUS_ADDRESS="unix:path=$tmp/no-bus" run no-bus 3 status
run no-daemon 3 status
run no-daemon-json 3 --json calls

# --- usage errors need no daemon --------------------------------------
run usage-no-command 2
run usage-unknown-command 2 frobnicate
run usage-unknown-option 2 status --bogus
run usage-both-buses 2 --session --system status
run usage-call-no-jid 2 call
run usage-mute-on-off 2 mute 1 audio maybe
run usage-priority 2 presence away lunch high
run usage-hangup-too-many 2 hangup 1 busy extra
run usage-bad-call 2 hold call-one
"$ctl" call --help >"$tmp/help.out" 2>&1
check_status "call --help" 0 $?
grep -q -- '--wait' "$tmp/help.out"
check "call --help: mentions --wait" $?
grep -q -- '--no-jmi' "$tmp/help.out"
check "call --help: mentions --no-jmi" $?
run inspect 0 inspect "$inspect_data/offer.xml"

# --- the mock daemon ---------------------------------------------------
"$mock" >"$tmp/mock.log" 2>&1 &
pids="$pids $!"
wait_for "$tmp/mock.log" '^ready$'
check "mock-jingled owns im.jingled" $?

run status 0 status
run status-json 0 --json status
run accounts 0 accounts
run accounts-json 0 accounts --json
run calls 0 calls
run calls-json 0 --json calls
run stats 0 stats
run stats-json 0 --json stats 1
run roster 0 roster
run roster-json 0 --json roster
run blocked 0 --account alice@example.org blocked
run presence 0 presence
run presence-json 0 --json presence

# Writes, as the mock sees them.
run presence-set 0 presence -- away "out for lunch" -3
mock_did presence-set "SetPresence 'away' 'out for lunch' -3"
run presence-after 0 presence
run msg 0 msg bob@example.org hello "big world"
mock_did msg "SendMessage bob@example.org 'hello big world'"
run add 0 --account alice add --group friends -g work carol@example.net Carol
mock_did add "AddContact carol@example.net 'Carol' [friends,work]"
run block 0 block spam@example.net
mock_did block "Block spam@example.net"
run mute 0 mute audio on
mock_did mute "Mute /im/jingled/call/1 audio true"

run dtmf 0 dtmf 1 '12#' --duration 250
mock_did dtmf "SendDtmf /im/jingled/call/1 '12#' 250"
run reject-reason 1 reject busy
mock_did reject-reason "Reject /im/jingled/call/1 'busy'"

# Errors the daemon answers with, and the ones jinglectl names itself.
run answer-not-ringing 1 answer 1
run unknown-call 1 hangup 99
run unknown-call-path 1 stats /im/jingled/call/77
run unknown-account 1 --account nobody roster
run invalid-dtmf 1 dtmf 1 12X
run invalid-jid 1 call --video nobody
run invalid-presence 1 presence sleeping
run no-media 1 mute 1 video off

# Dialling.
run call-busy-wait 4 call --wait busy@example.org
run call-wait-json 0 --json call --wait ok@example.org
run call-dtmf 0 call --dtmf 123 --codecs opus,pcmu --raw-udp --no-jmi ok@example.org/desk
mock_did call-dtmf "Dial ok@example.org/desk {'transport': <'raw-udp'>, 'jmi': <false>, 'codecs': <['opus', 'pcmu']>}"
mock_did call-dtmf "SendDtmf /im/jingled/call/4 '123' 0"
run call-long 0 call long@example.org
wait_for "$tmp/mock.log" "^Dial long@example.org "
"$ctl" --json calls >"$tmp/long.out" 2>&1
i=0
while ! grep -q '"Path":"/im/jingled/call/5"[^}]*"State":"active"' "$tmp/long.out" &&
      [ "$i" -lt $((100 * scale)) ]; do
  sleep 0.1
  i=$((i + 1))
  "$ctl" --json calls >"$tmp/long.out" 2>&1
done
run several-calls 2 hold
run hangup-long 0 hangup 5 timeout
mock_did hangup-long "Hangup /im/jingled/call/5 'timeout'"

# Interrupting call --wait hangs the call up and waits for its end.
"$ctl" call --wait long@example.org >"$tmp/interrupt.out" 2>&1 &
waiter=$!
pids="$pids $waiter"
wait_for "$tmp/interrupt.out" '^state: active$'
kill -INT "$waiter"
wait "$waiter"
check_status "call --wait, interrupted" 0 $?
{ cat "$tmp/interrupt.out"; echo "--- stderr"; } >"$tmp/interrupt.all"
check_output "call --wait, interrupted" "$expected/call-interrupted.expected" "$tmp/interrupt.all"
mock_did "call --wait, interrupted" "Hangup /im/jingled/call/6 ''"

# monitor: every signal, text and JSON, PropertiesChanged included.  Hold
# and unhold call 1 until both monitors have seen it (they print nothing
# before, so there is no other way to know they listen).
"$ctl" monitor >"$tmp/monitor.out" 2>&1 &
monitor=$!
"$ctl" --json monitor >"$tmp/monitor-json.out" 2>&1 &
monitor_json=$!
pids="$pids $monitor $monitor_json"
i=0
while [ "$i" -lt $((50 * scale)) ]; do
  if grep -q "StateChanged ('held',)" "$tmp/monitor.out" &&
     grep -q '"member":"StateChanged","args":\["held"\]' "$tmp/monitor-json.out"; then
    break
  fi
  "$ctl" hold 1 >/dev/null 2>&1
  "$ctl" unhold 1 >/dev/null 2>&1
  sleep 0.1
  i=$((i + 1))
done
kill "$monitor" "$monitor_json"
wait "$monitor"
check_status "monitor: SIGTERM" 0 $?
wait "$monitor_json"
check_status "monitor --json: SIGTERM" 0 $?
grep -qxF "/im/jingled/call/1 im.jingled.Call1.StateChanged ('held',)" "$tmp/monitor.out"
check "monitor: StateChanged line" $?
grep -qxF "/im/jingled/call/1 org.freedesktop.DBus.Properties.PropertiesChanged ('im.jingled.Call1', {'State': <'held'>}, [])" "$tmp/monitor.out"
check "monitor: PropertiesChanged line" $?
grep -qxF '{"path":"/im/jingled/call/1","interface":"im.jingled.Call1","member":"StateChanged","args":["held"]}' "$tmp/monitor-json.out"
check "monitor --json: StateChanged line" $?
check_json "monitor --json" "$tmp/monitor-json.out"

run hangup 0 hangup 1
mock_did hangup "Hangup /im/jingled/call/1 ''"

echo "1..$n"
exit $failed
