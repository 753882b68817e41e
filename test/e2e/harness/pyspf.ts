// Reference SPF implementations answering check_host() questions over JSON lines (json-oracle.ts): pyspf here, Mail::SPF in mailspf.ts.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startJsonOracle } from './json-oracle.js';

const SCRIPT = fileURLToPath(new URL('./pyspf-oracle.py', import.meta.url));
/** Debian's python3-spf installs for the system interpreter, which may not be the first python3 on PATH. */
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

export interface OracleAnswer {
  result: string;
  detail: string;
}

/** One SPF reference: its version and DNS driver, and check_host() for (ip, sender, helo). */
export interface Oracle {
  version: string;
  driver: string;
  check(ip: string, sender: string, helo: string): Promise<OracleAnswer>;
  close(): Promise<void>;
}

/** An SPF oracle script (`{ready, version, driver}`, then `{id, ip, sender, helo}` → `{id, result, detail}`). */
export async function startSpfOracle(command: string, args: string[]): Promise<Oracle> {
  const oracle = await startJsonOracle(command, args);
  return {
    version: String(oracle.hello.version),
    driver: String(oracle.hello.driver),
    async check(ip, sender, helo) {
      const answer = await oracle.ask({ ip, sender, helo });
      return { result: String(answer.result), detail: String(answer.detail) };
    },
    close: () => oracle.close(),
  };
}

/** pyspf (Debian's python3-spf, dnspython driver) with its DNS on the loopback port `dnsPort`. */
export function startPyspf(dnsPort: number): Promise<Oracle> {
  return startSpfOracle(PYTHON, [SCRIPT, String(dnsPort)]);
}
