// Loads the openspf RFC 7208 suite from fixtures/spf and turns each scenario's zonedata into a testbed Zone (see FORMAT.md).

import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import type { DnsClient } from '../../../src/dns/types.js';
import type { Zone, ZoneEntry } from '../../../src/testbed/dns-zone.js';
import { checkMailFrom } from '../../../src/spf/index.js';
import type { SpfCheckResult, SpfResult } from '../../../src/spf/index.js';

export const SUITE_PATH = new URL('../../../fixtures/spf/rfc7208-tests.yml', import.meta.url);

export interface SuiteTest {
  id: string;
  host: string;
  helo: string;
  mailfrom: string;
  /** Acceptable results, the preferred first. */
  results: SpfResult[];
  /** Expected exp= text; 'DEFAULT' means none. */
  explanation?: string;
}

export interface Scenario {
  description: string;
  tests: SuiteTest[];
  zone: Zone;
}

type YamlValue = string | number | YamlValue[] | { [key: string]: YamlValue };
type YamlEntry = 'TIMEOUT' | Record<string, YamlValue>;

/**
 * The zone an RFC 7208 (TXT-only) evaluator sees, in the testbed's ZoneEntry format, usable by the
 * in-memory client and by src/testbed/dns-server.ts alike. SPF→TXT synthesis (FORMAT.md): a name's TXT
 * records are its explicit TXT entries if it has any `TXT:` key (even `TXT: NONE`), else its SPF
 * entries. `NONE` is no record. `\xNN` escapes arrive from the YAML parser as U+00NN, i.e. already the
 * latin1 one-char-per-octet strings both clients use.
 */
export function suiteZoneToZoneEntries(zonedata: Record<string, YamlEntry[]>): Zone {
  const zone: Record<string, ZoneEntry[]> = {};
  for (const [owner, entries] of Object.entries(zonedata)) {
    const hasTxt = entries.some((entry) => entry !== 'TIMEOUT' && 'TXT' in entry);
    const out: ZoneEntry[] = [];
    for (const entry of entries) {
      if (entry === 'TIMEOUT') {
        out.push('TIMEOUT');
        continue;
      }
      const [type, value] = Object.entries(entry)[0]!;
      if (value === 'NONE') continue;
      if (type === 'SPF' || type === 'TXT') {
        if (type === 'SPF' && hasTxt) continue;
        out.push({ TXT: Array.isArray(value) ? value.map(String) : String(value) });
      } else if (type === 'MX') {
        const [preference, exchange] = value as [number, string];
        out.push({ MX: [preference, exchange] });
      } else if (type === 'A' || type === 'AAAA' || type === 'PTR' || type === 'CNAME') {
        out.push({ [type]: String(value) } as unknown as ZoneEntry);
      } else {
        throw new Error(`unexpected zone entry ${type} at ${owner}`);
      }
    }
    zone[owner] = out;
  }
  return zone;
}

export function loadSuite(path: URL = SUITE_PATH): Scenario[] {
  return parseAllDocuments(readFileSync(path, 'latin1')).map((doc) => {
    const data = doc.toJS() as { description: string; tests: Record<string, Record<string, unknown>>; zonedata: Record<string, YamlEntry[]> };
    const tests = Object.entries(data.tests).map(([id, t]): SuiteTest => {
      const results = (Array.isArray(t.result) ? t.result : [t.result]) as SpfResult[];
      const test: SuiteTest = { id, host: String(t.host), helo: String(t.helo), mailfrom: String(t.mailfrom), results };
      if (typeof t.explanation === 'string') test.explanation = t.explanation;
      return test;
    });
    return { description: data.description, tests, zone: suiteZoneToZoneEntries(data.zonedata) };
  });
}

export interface CaseOutcome {
  result: SpfResult;
  explanation?: string;
  ok: boolean;
  full: SpfCheckResult;
}

/** Runs one test: the MAIL FROM identity (HELO when null), result among the accepted ones, exp= text exact. */
export async function runCase(test: SuiteTest, dns: DnsClient, options: { prefetch?: boolean } = {}): Promise<CaseOutcome> {
  const full = await checkMailFrom({ ip: test.host, mailFrom: test.mailfrom, helo: test.helo, dns, ...options });
  const explanationOk =
    test.explanation === undefined || (test.explanation === 'DEFAULT' ? full.explanation === undefined : full.explanation === test.explanation);
  const ok = test.results.includes(full.result) && explanationOk;
  return { result: full.result, ...(full.explanation !== undefined ? { explanation: full.explanation } : {}), ok, full };
}
