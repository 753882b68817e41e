// Mail::SPF (Debian's libmail-spf-perl) as a long-lived oracle (mailspf-oracle.pl), its DNS on a given loopback port.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startSpfOracle, type Oracle } from './pyspf.js';

const SCRIPT = fileURLToPath(new URL('./mailspf-oracle.pl', import.meta.url));
const PERL = existsSync('/usr/bin/perl') ? '/usr/bin/perl' : 'perl';

/** Mail::SPF 2.9 with Net::DNS pointed at 127.0.0.1:`dnsPort`; rejects with the load error when it is missing. */
export function startMailSpf(dnsPort: number): Promise<Oracle> {
  return startSpfOracle(PERL, [SCRIPT, String(dnsPort)]);
}
