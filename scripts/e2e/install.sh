#!/usr/bin/env bash
# Installs the Debian software the end-to-end suite runs (NSD, Unbound, Exim; pyspf with dnspython, Mail::SPF, Mail::DKIM, dkimpy, Mail::DMARC, OpenDMARC for the differential tests; Postfix unpacked) without starting any service.
#
# Idempotent and fast when they are there (one dpkg query). Non-interactive, no recommends. apt-get
# update runs only when an install fails (a fresh machine's lists may be missing or stale), with retries.
# Services are never started: a policy-rc.d that answers 101 ("action forbidden") is in place while apt
# runs, so the packages' own nsd/unbound/exim4 services stay down; the suite runs the daemons itself
# with its own config files under a temporary directory (test/e2e/harness/).
set -euo pipefail

# Postfix conflicts with exim4: unpacked beside it, not installed (scripts/e2e/postfix.sh).
bash "$(dirname "$0")/postfix.sh"

# python3-dnspython: pyspf's own choice of DNS driver when present; the SPF differential pins it (issue 16).
PACKAGES=(nsd unbound exim4-daemon-light openssl python3-spf python3-dnspython libmail-spf-perl libmail-dkim-perl python3-dkim libmail-dmarc-perl opendmarc publicsuffix)
BINARIES=(/usr/sbin/nsd /usr/sbin/unbound /usr/sbin/exim4 /usr/bin/openssl /usr/bin/setpriv /usr/bin/python3 /usr/bin/perl)

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  for bin in "${BINARIES[@]}"; do [ -x "$bin" ] || { echo "e2e: $bin is missing although its package is installed" >&2; exit 1; }; done
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "e2e: missing Debian packages: ${missing[*]}" >&2
  echo "e2e: install them as root: apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

echo "== e2e: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive

# Forbid service starts while apt runs; put back whatever policy was there before.
POLICY=/usr/sbin/policy-rc.d
saved=""
if [ -e "$POLICY" ]; then saved="$(mktemp)"; cp -p "$POLICY" "$saved"; fi
restore_policy() {
  if [ -n "$saved" ]; then cp -p "$saved" "$POLICY"; rm -f "$saved"; else rm -f "$POLICY"; fi
}
trap restore_policy EXIT
printf '#!/bin/sh\n# splitcheck e2e install: never start services\nexit 101\n' >"$POLICY"
chmod 755 "$POLICY"

for attempt in 1 2 3; do
  if apt-get install -y -q --no-install-recommends -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}"; then
    for bin in "${BINARIES[@]}"; do [ -x "$bin" ] || { echo "e2e: $bin is missing after the install" >&2; exit 1; }; done
    exit 0
  fi
  echo "e2e: apt-get install failed (attempt $attempt); updating the package lists" >&2
  # Missing or stale lists (a fresh machine) need only the update; a flaky mirror also a pause.
  [ "$attempt" -gt 1 ] && sleep $((attempt * 5))
  apt-get update -q || true
done
echo "e2e: could not install ${missing[*]}" >&2
exit 1
