#!/bin/sh
# Installs the Debian packages given as arguments that are not installed yet
# (apt-get, with sudo when not root). --locale NAME also generates a locale.
set -eu
locale_name=
if [ "${1:-}" = "--locale" ]; then locale_name=$2; shift 2; fi
sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
missing=
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "installing Debian packages:$missing"
	$sudo apt-get update -q >/dev/null
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing >/dev/null
fi
if [ -n "$locale_name" ]; then
	want=$(echo "$locale_name" | tr 'A-Z' 'a-z' | sed 's/utf-8/utf8/')
	if ! locale -a 2>/dev/null | tr 'A-Z' 'a-z' | grep -qx "$want"; then
		echo "generating locale $locale_name"
		$sudo localedef -i "${locale_name%%.*}" -f UTF-8 "$locale_name" || echo "warning: could not generate $locale_name" >&2
	fi
fi
