#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# test-install.sh MESON BUILD_ROOT BINDIR FILE...
#
# `meson install --destdir` into a scratch directory puts every FILE (an
# absolute installed path) in place, with the configure-time values
# substituted; the XML is well-formed (xmllint), the system-bus policy is
# accepted by dbus-daemon, the unit by systemd-analyze and the man pages by
# groff, when those tools are there.  Output is TAP.

set -u

meson=$1
build=$2
bindir=$3
shift 3
tmp=$(mktemp -d)
bus_pid=
trap '[ -n "$bus_pid" ] && kill "$bus_pid" 2>/dev/null; rm -rf "$tmp"' EXIT

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

skip () {
  n=$((n + 1))
  echo "ok $n - $1 # SKIP $2"
}

dest=$tmp/dest
"$meson" install -C "$build" --destdir "$dest" --no-rebuild --quiet >"$tmp/install.log" 2>&1
status=$?
check "meson install --destdir" $status
[ $status = 0 ] || sed 's/^/# /' "$tmp/install.log"

for file in "$@"; do
  test -f "$dest$file"
  check "installed $file" $?
  case $file in
    *.service|*.1|*.8)
      ! grep -q '@[A-Za-z_]*@' "$dest$file"
      check "$(basename "$file"): every @VAR@ substituted" $? ;;
  esac
done

find_installed () {
  for file in "$@"; do
    case $file in
      */$name) echo "$dest$file"; return ;;
    esac
  done
}

name=jingled.service unit=$(find_installed "$@")
name=im.jingled.service activation=$(find_installed "$@")
name=im.jingled.conf policy=$(find_installed "$@")

grep -qxF "ExecStart=$bindir/jingled" "$unit" && grep -qx 'Type=dbus' "$unit" &&
  grep -qx 'BusName=im.jingled' "$unit"
check "jingled.service: Type=dbus, BusName=im.jingled, ExecStart=$bindir/jingled" $?
grep -qx 'Name=im.jingled' "$activation" &&
  grep -qx 'SystemdService=jingled.service' "$activation" &&
  grep -qxF "Exec=$bindir/jingled" "$activation"
check "im.jingled.service: Name, Exec and SystemdService" $?

if command -v xmllint >/dev/null; then
  for file in "$@"; do
    case $file in
      *.xml|*.conf)
        xmllint --noout "$dest$file"
        check "xmllint $(basename "$file")" $? ;;
    esac
  done
else
  skip "xmllint" "no xmllint"
fi

# A private bus whose configuration includes the installed policy: the
# daemon refuses to start when the policy does not parse.
if command -v dbus-daemon >/dev/null; then
  cat >"$tmp/bus.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=$tmp/bus.socket</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
  </policy>
  <include>$policy</include>
</busconfig>
CONF
  dbus-daemon --config-file="$tmp/bus.conf" --fork --print-pid=3 3>"$tmp/bus.pid" \
    >"$tmp/bus.log" 2>&1
  status=$?
  bus_pid=$(cat "$tmp/bus.pid" 2>/dev/null)
  check "dbus-daemon accepts im.jingled.conf" $status
  [ $status = 0 ] || sed 's/^/# /' "$tmp/bus.log"
else
  skip "dbus-daemon accepts im.jingled.conf" "no dbus-daemon"
fi

# systemd's own check, on a copy whose ExecStart exists here (the daemon
# is installed under DESTDIR, not at the path the unit names).
if command -v systemd-analyze >/dev/null; then
  sed 's|^ExecStart=.*|ExecStart=/bin/true|' "$unit" >"$tmp/jingled.service"
  out=$(systemd-analyze verify --man=no "$tmp/jingled.service" 2>&1)
  status=$?
  test $status = 0 && test -z "$out"
  check "systemd-analyze verify jingled.service" $?
  [ -z "$out" ] || echo "$out" | sed 's/^/# /'
else
  skip "systemd-analyze verify jingled.service" "no systemd-analyze"
fi

if command -v groff >/dev/null; then
  for file in "$@"; do
    case $file in
      *.1|*.8)
        out=$(groff -man -ww -z "$dest$file" 2>&1)
        test -z "$out"
        check "groff -ww $(basename "$file")" $?
        [ -z "$out" ] || echo "$out" | sed 's/^/# /' ;;
    esac
  done
else
  skip "groff" "no groff"
fi

echo "1..$n"
exit $failed
