// Differential test: dmarc.record's policy and report authorisation, and the Organizational Domain, against Debian's Mail::DMARC and OpenDMARC on seeded worlds.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getPublicSuffix } from 'tldts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dmarcRecord } from '../../src/checks/dmarc/record.js';
import type { ReportAuthorization } from '../../src/checks/dmarc/report-auth.js';
import { organizationalDomain } from '../../src/dmarc/organizational-domain.js';
import { createResolver } from '../../src/dns/resolver.js';
import { runChecks } from '../../src/engine/run.js';
import type { Finding } from '../../src/engine/types.js';
import { startDnsServer, type DnsTestServer, type Zone } from '../../src/testbed/dns-server.js';
import { makeOrgNames, makePolicyCase, makeReportCase, type PolicyCase, type ReportCase, type TxtZone } from './harness/dmarc-cases.js';
import { DEVIATIONS, type Applied, type Reference } from './harness/dmarc-deviations.js';
import { startJsonOracle, type JsonOracle } from './harness/json-oracle.js';

const SEED = Number(process.env.DMARC_DIFF_SEED ?? 7489);
const CASES = Number(process.env.DMARC_DIFF_CASES ?? 400);
const harness = (file: string): string => fileURLToPath(new URL(`./harness/${file}`, import.meta.url));
/** Debian's publicsuffix: the one list file both references read, so only their algorithms differ. */
const PSL = '/usr/share/publicsuffix/public_suffix_list.dat';

const policyCases = Array.from({ length: CASES }, (_, i) => makePolicyCase(SEED, i));
const reportCases = Array.from({ length: Math.ceil(CASES / 4) }, (_, i) => makeReportCase(SEED, i));

let server: DnsTestServer;
const refs = {} as Record<Reference, JsonOracle>;

function toZone(zones: TxtZone[]): Zone {
  const zone: Zone = {};
  for (const z of zones) for (const [name, records] of Object.entries(z)) zone[name] = [...(zone[name] ?? []), ...records.map((strings) => ({ TXT: strings }))];
  return zone;
}

beforeAll(async () => {
  server = await startDnsServer({ zone: toZone([...policyCases, ...reportCases].map((c) => c.zone)) });
  // Each reference runs in a network namespace with loopback alone (unshare --net, root as in CI): it is
  // handed its DNS answers (Mail::DMARC through a resolver object, OpenDMARC through a responder in its
  // own process), and even a lookup that slipped past them could not leave the machine.
  const [mailDmarc, openDmarc] = await Promise.all([
    startJsonOracle('/usr/bin/unshare', ['--net', '/usr/bin/perl', harness('mail-dmarc-oracle.pl'), PSL]),
    startJsonOracle('/usr/bin/unshare', ['--net', '/usr/bin/python3', harness('opendmarc-oracle.py'), PSL]),
  ]);
  refs['Mail::DMARC'] = mailDmarc;
  refs.OpenDMARC = openDmarc;
});

afterAll(async () => {
  await Promise.all(Object.values(refs).map((r) => r.close()));
  await server?.close();
});

async function check(domain: string): Promise<Finding> {
  const dns = createResolver({ servers: [server.address], timeoutMs: 2000, retries: 1 });
  const [finding] = await runChecks({ domain, input: { noSmtp: true }, dns, checks: [dmarcRecord], now: new Date(), checkTimeoutMs: 10_000 });
  return finding!;
}

const asApplied = (v: unknown): Applied => (v === 'none' || v === 'quarantine' || v === 'reject' ? v : null);

describe(`dmarc.record against Mail::DMARC and OpenDMARC, ${CASES} seeded worlds (seed ${SEED})`, () => {
  it('the references isolate their DNS: loopback only', () => {
    expect(refs.OpenDMARC.hello.interfaces).toEqual(['lo']);
  });

  it('applies the policy each reference applies, or the difference is a listed RFC 7489 deviation', async () => {
    const started = performance.now();
    const tally = new Map<string, number>();
    const count = (key: string) => tally.set(key, (tally.get(key) ?? 0) + 1);
    const unexplained: string[] = [];
    for (let i = 0; i < policyCases.length; i += 20) {
      await Promise.all(
        policyCases.slice(i, i + 20).map(async (c: PolicyCase) => {
          const finding = await check(c.domain);
          const rfc = asApplied(finding.evidence.rfcPolicy);
          const receivers = (finding.evidence.receivers ?? {}) as Record<string, unknown>;
          count(`splitcheck ${finding.status}`);
          const problems: string[] = [];
          for (const ref of ['Mail::DMARC', 'OpenDMARC'] as const) {
            const answer = await refs[ref].ask({ op: 'discover', domain: c.domain, zone: c.zone });
            const got = asApplied(answer.policy);
            // splitcheck's own prediction for this receiver where it differs from the RFC, else the RFC's policy.
            const expected = ref in receivers ? asApplied(receivers[ref]) : rfc;
            if (got === expected) continue;
            const deviation = DEVIATIONS.find((d) => d.reference === ref && d.applies(c, expected, got));
            if (deviation) count(`${ref} ${deviation.id}`);
            else problems.push(`${ref} applies ${got} (${String(answer.detail)}), splitcheck expects ${expected}`);
          }
          // A pass must hold at every compared receiver: none of them may apply less.
          if (finding.status === 'pass' && Object.keys(receivers).length > 0) problems.push(`pass although receivers differ: ${JSON.stringify(receivers)}`);
          if (problems.length > 0) {
            unexplained.push(`${problems.join('; ')}\n  case ${c.index} ${c.domain} (${c.mutations.join(', ') || 'unchanged'}): splitcheck ${finding.status}, rfcPolicy ${rfc}\n    ${JSON.stringify(c.zone)}\n    ${finding.message}`);
          }
        }),
      );
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`dmarc-differential: Mail::DMARC ${String(refs['Mail::DMARC'].hello.version)}, OpenDMARC ${String(refs.OpenDMARC.hello.version)}, ${CASES} worlds in ${seconds} s; ${JSON.stringify(Object.fromEntries([...tally].sort()))}`);
    expect(unexplained, `${unexplained.length} unexplained disagreement(s):\n${unexplained.join('\n')}`).toEqual([]);
    for (const status of ['pass', 'warn', 'fail']) expect(tally.get(`splitcheck ${status}`) ?? 0, status).toBeGreaterThan(0);
  });

  it('asks for report authorisation exactly where the references do, and reads it as they do (RFC 7489 §7.1)', async () => {
    const unexplained: string[] = [];
    const tally = new Map<string, number>();
    for (const c of reportCases as ReportCase[]) {
      const finding = await check(c.domain);
      const auth = (finding.evidence.reportAuthorization ?? []) as ReportAuthorization[];
      const ours = auth.length === 0 ? 'same-organisation' : auth[0]!.outcome === 'authorized' ? 'authorized' : 'unauthorized';
      const uri = `mailto:agg@${c.reportDomain}`;
      const [md, od] = await Promise.all([
        refs['Mail::DMARC'].ask({ op: 'report', domain: c.domain, uri, zone: c.zone }),
        refs.OpenDMARC.ask({ op: 'report', domain: c.domain, uri, zone: c.zone }),
      ]);
      const mailDmarc = String(md.result);
      const openDmarc = String(od.result);
      tally.set(`${ours}/${mailDmarc}/${openDmarc}`, (tally.get(`${ours}/${mailDmarc}/${openDmarc}`) ?? 0) + 1);
      // OpenDMARC answers "authorized" for one organisation too: it stops before any lookup. Where it looks,
      // splitcheck says whether it would take the record (`openDmarc`: exactly "v=DMARC1").
      const expectedOpen = ours === 'same-organisation' || (ours === 'authorized' && auth[0]!.openDmarc === true) ? 'authorized' : 'unauthorized';
      if (ours === mailDmarc && openDmarc === expectedOpen) continue;
      unexplained.push(`case ${c.index}: ${c.domain} → ${c.reportDomain}, authorisation ${JSON.stringify(c.authorisation)}: splitcheck ${ours} (OpenDMARC ${expectedOpen}), Mail::DMARC ${mailDmarc}, OpenDMARC ${openDmarc} (${String(od.detail)})`);
    }
    console.log(`dmarc-differential report authorisation (splitcheck/Mail::DMARC/OpenDMARC): ${JSON.stringify(Object.fromEntries([...tally].sort()))}`);
    expect(unexplained, `${unexplained.length} unexplained disagreement(s):\n${unexplained.join('\n')}`).toEqual([]);
    for (const outcome of ['same-organisation', 'authorized', 'unauthorized']) expect([...tally.keys()].some((k) => k.startsWith(`${outcome}/`)), outcome).toBe(true);
  });

  it('finds the Organizational Domain Mail::DMARC finds from the same list, and OpenDMARC where it reads the list as written (RFC 7489 §3.2)', async () => {
    const text = readFileSync(PSL, 'utf8');
    // ASCII rules of the file (IDN rules are in U-labels there), wildcard and exception rules included.
    const rules = text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('//') && /^[!*a-z0-9.-]+$/.test(l));
    const listed = new Set(rules.map((r) => r.replace(/^!/, '')));
    const names = makeOrgNames(SEED, rules, Math.max(200, CASES));
    const unexplained: string[] = [];
    const tally = new Map<string, number>();
    const count = (key: string) => tally.set(key, (tally.get(key) ?? 0) + 1);
    const skewed: string[] = [];
    const psl = (n: string) => getPublicSuffix(n, { allowPrivateDomains: true }) ?? '';
    /** Whether tldts's list has the case's rule as the file has it. */
    const sameRule = (rule: string): boolean => {
      if (rule.startsWith('!')) return psl(rule.slice(1)) === rule.slice(1).split('.').slice(1).join('.');
      if (rule.startsWith('*.')) return psl(`x.${rule.slice(2)}`) === `x.${rule.slice(2)}`;
      return psl(`x.${rule}`).endsWith(rule);
    };
    for (const { name, rule } of names) {
      const ours = organizationalDomain(name);
      const [md, od] = await Promise.all([refs['Mail::DMARC'].ask({ op: 'org', name }), refs.OpenDMARC.ask({ op: 'org', name })]);
      for (const [ref, theirs] of [['Mail::DMARC', String(md.org ?? '')], ['OpenDMARC', String(od.org ?? '')]] as const) {
        if (theirs === ours) continue;
        // tldts carries a newer list than Debian's file: a suffix tldts applies that the file lacks, or a rule
        // of the file that tldts does not have, is the lists' difference, not the algorithm's.
        const ourSuffix = psl(name);
        const inFile = listed.has(ourSuffix) || listed.has(`*.${ourSuffix.split('.').slice(1).join('.')}`) || !ourSuffix.includes('.');
        if (!inFile || !sameRule(rule)) {
          if (!skewed.includes(name)) skewed.push(name);
          continue;
        }
        const deviation = ref === 'OpenDMARC' ? openDmarcOrgDeviation(name, rule, listed) : undefined;
        if (deviation) count(`OpenDMARC ${deviation}`);
        else unexplained.push(`${name} (rule ${rule}): splitcheck ${ours}, ${ref} ${theirs}`);
      }
    }
    console.log(
      `dmarc-differential organizational domain: ${names.length} names; ${JSON.stringify(Object.fromEntries([...tally].sort()))}; ${skewed.length} under rules Debian's list and tldts's differ on (e.g. ${skewed.slice(0, 4).join(', ')})`,
    );
    expect(unexplained, `${unexplained.length} unexplained disagreement(s):\n${unexplained.join('\n')}`).toEqual([]);
    expect(skewed.length).toBeLessThan(names.length / 10);
  });
});

/**
 * OpenDMARC 1.4.2's reading of the list (opendmarc_tld.c), against RFC 7489 §3.2 with the list's own
 * rules (publicsuffix.org: "*." makes every label there a suffix; a name on the list is its own
 * organizational domain, as Mail::DMARC and splitcheck answer):
 */
function openDmarcOrgDeviation(name: string, rule: string, listed: Set<string>): string | undefined {
  // A name that is itself on the list: OpenDMARC answers a shorter name, or nothing for a TLD.
  if (listed.has(name)) return 'suffix-itself-shortened';
  // "*.X": OpenDMARC drops the "*." (its tld_read_file "drop" argument) and matches X alone, one label short.
  if (rule.startsWith('*.')) return 'wildcard-read-as-plain-rule';
  // A rule whose first label is one character (a.bg, b.ssl.fastly.net): OpenDMARC does not apply it.
  if (/^!?[a-z0-9]\./.test(rule)) return 'one-character-label-rule-ignored';
  return undefined;
}
