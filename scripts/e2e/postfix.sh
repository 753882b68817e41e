#!/usr/bin/env bash
# Unpacks Debian's Postfix for the end-to-end suite without installing it (it conflicts with exim4): apt-get download + dpkg -x into one directory.
#
# Both packages provide mail-transport-agent, so dpkg will not have them side by side; the suite runs
# Postfix's own master from the unpacked tree with a private config (test/e2e/harness/postfix.ts).
# The shared libraries Postfix links against do not conflict and are installed as usual.
# Idempotent and fast when the tree is there. SPLITCHECK_E2E_POSTFIX overrides the directory.
set -euo pipefail

DIR="${SPLITCHECK_E2E_POSTFIX:-/opt/splitcheck-e2e/postfix}"
LIBS="$DIR/usr/lib/postfix"
works() {
  [ -f "$DIR/.unpacked" ] && [ -x "$LIBS/sbin/master" ] && [ -x "$LIBS/sbin/smtpd" ] &&
    LD_LIBRARY_PATH="$LIBS" MAIL_CONFIG=/nonexistent "$DIR/usr/sbin/postconf" -d -h mail_version >/dev/null 2>&1
}
works && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "e2e: Postfix is not unpacked in $DIR; run scripts/e2e/install.sh as root" >&2
  exit 1
fi

echo "== e2e: unpacking Debian's postfix into $DIR"
export DEBIAN_FRONTEND=noninteractive
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# apt's _apt sandbox user cannot write root's 0700 temporary directory: download as root, as apt would fall back to.
download() { (cd "$work" && apt-get download -q -o APT::Sandbox::User=root postfix); }
download || { apt-get update -q && download; }
deb="$(ls "$work"/postfix_*.deb)"

# Its shared libraries (libdb, libicu, libnsl, libsasl2, ...), named by the package itself: no version guesswork.
# Only those missing: an installed one is left at its version (nothing else on the machine is upgraded).
mapfile -t wanted < <(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed -e 's/([^)]*)//g' -e 's/|.*//' -e 's/[[:space:]]//g' | grep -E '^lib' || true)
libs=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || libs+=("$pkg")
done
if [ ${#libs[@]} -gt 0 ]; then
  apt-get install -y -q --no-install-recommends "${libs[@]}" || { apt-get update -q && apt-get install -y -q --no-install-recommends "${libs[@]}"; }
fi

rm -rf "$DIR"
mkdir -p "$DIR"
dpkg -x "$deb" "$DIR"
touch "$DIR/.unpacked"
works || { echo "e2e: the unpacked Postfix in $DIR does not run (postconf -d failed)" >&2; exit 1; }
echo "== e2e: Postfix $(LD_LIBRARY_PATH="$LIBS" MAIL_CONFIG=/nonexistent "$DIR/usr/sbin/postconf" -d -h mail_version 2>/dev/null) unpacked"
