// dns.consistency over real loopback name servers, and the other checks judging authoritative answers.
import { afterEach, describe, expect, it } from 'vitest';
import { dnsConsistency } from '../../../src/checks/dns/consistency.js';
import { ALL_CHECKS } from '../../../src/checks/index.js';
import { connectAuthoritative } from '../../../src/dns/authoritative.js';
import { createResolver } from '../../../src/dns/resolver.js';
import { runChecks } from '../../../src/engine/run.js';
import type { Check, CheckInput, Finding } from '../../../src/engine/types.js';
import { authoritative, contosoZone, DOMAIN, MS_MX, recursiveView, SPF, startAuthWorld, type AuthWorld, type ZoneSpec } from '../../helpers/authoritative-servers.js';
import { probeLoopback } from '../../helpers/loopback.js';

// This file's loopback addresses (other files use other 127.0.x.0/24 blocks).
const H = ['127.0.3.2', '127.0.3.3', '127.0.3.4'];
const loopback = await probeLoopback(H);
const NS = { 'ns1.contoso.com': H[0]!, 'ns2.contoso.com': H[1]! };
const NS3 = { ...NS, 'ns3.contoso.com': H[2]! };
const FAST = { timeoutMs: 1000, retries: 0 };

const open: AuthWorld[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((w) => w.close()));
});

type Spec = ZoneSpec | 'down' | { lame: 'refused' | 'no-aa' | 'timeout'; spec?: ZoneSpec };

/** One authoritative server per spec on H[i]; the recursive server knows the NS records (the `ns` map) and the world. */
async function world(specs: Spec[], ns: Record<string, string> = NS, cache: Parameters<typeof recursiveView>[1] = {}): Promise<AuthWorld> {
  const options = specs.map((spec) => {
    if (spec === 'down') return 'down' as const;
    if ('lame' in spec) {
      const zone = contosoZone(ns, spec.spec);
      if (spec.lame === 'refused') return { zone, rcode: 'REFUSED' as const };
      if (spec.lame === 'timeout') return { zone, dropAll: true };
      return { zone, recursive: true };
    }
    return authoritative(contosoZone(ns, spec));
  });
  const w = await startAuthWorld(H.slice(0, specs.length), options, recursiveView(ns, cache));
  open.push(w);
  return w;
}

async function judge(w: AuthWorld, checks: readonly Check[] = [dnsConsistency], input: CheckInput = {}): Promise<Record<string, Finding>> {
  const recursive = createResolver({ servers: [{ host: '127.0.0.1', port: w.recursive.port }], ...FAST });
  const setup = await connectAuthoritative(DOMAIN, recursive, { ...FAST, port: () => w.port });
  const findings = await runChecks({ domain: DOMAIN, input: { noSmtp: true, ...input }, dns: setup.dns, authoritative: setup.view, checks, now: new Date(), checkTimeoutMs: 10_000 });
  return Object.fromEntries(findings.map((f) => [f.id, f]));
}

async function consistency(w: AuthWorld, input: CheckInput = {}): Promise<Finding> {
  return (await judge(w, [dnsConsistency], input))['dns.consistency']!;
}

const label = (w: AuthWorld, i: number): string => `ns${i + 1}.contoso.com (${H[i]}:${w.port})`;

describe.skipIf(!loopback.ok)(`dns.consistency${loopback.skipped}`, () => {
  it('without --authoritative: skip, saying how to run it', async () => {
    const [finding] = await runChecks({ domain: DOMAIN, input: {}, dns: createResolver({ servers: [{ host: '127.0.0.1', port: 9 }] }), checks: [dnsConsistency], now: new Date(), checkTimeoutMs: 1000 });
    expect(finding).toMatchObject({ status: 'skip', message: "Skipped: run with --authoritative to ask the zone's name servers directly." });
  });

  it('two servers that agree: pass, naming the serial and the number of servers', async () => {
    const w = await world([{ serial: 2026010105 }, { serial: 2026010105 }]);
    const f = await consistency(w);
    expect(f.status).toBe('pass');
    expect(f.message).toContain('All 2 authoritative server addresses of contoso.com');
    expect(f.message).toContain('serial 2026010105');
    expect(f.message).toContain(label(w, 0));
    expect(f.remedy).toBeUndefined();
    const answers = (f.evidence as { answers: { question: string; byServer: { ttl: number }[] }[] }).answers;
    expect(answers.map((a) => a.question)).toEqual([
      'contoso.com MX', 'contoso.com TXT', 'autodiscover.contoso.com CNAME', '_autodiscover._tcp.contoso.com SRV',
      'selector1._domainkey.contoso.com CNAME', 'selector2._domainkey.contoso.com CNAME', 'default._domainkey.contoso.com TXT', '_dmarc.contoso.com TXT',
    ]);
    // A name without records still has a TTL: the negative-caching one (SOA minimum 300).
    expect(answers[3]!.byServer.map((b) => b.ttl)).toEqual([300, 300]);
  });

  it('different TTLs and other TXT strings are no disagreement; the TTLs are reported', async () => {
    const w = await world([{ mxTtl: 300 }, { mxTtl: 3600, txt: [SPF, 'google-site-verification=abc'] }]);
    const f = await consistency(w);
    expect(f.status).toBe('pass');
    expect(f.message).toContain('TTLs differ, which is no disagreement (the MX records of contoso.com: 300 s vs 3600 s');
  });

  it('the same SPF record split into different strings on two servers is no disagreement (readers join them)', async () => {
    const w = await world([{ txt: [SPF] }, { txt: [[SPF.slice(0, 20), SPF.slice(20)]] }]);
    const f = await consistency(w);
    expect(f.status, f.message).toBe('pass');
    // A real difference in the joined text still is one.
    const changed = await world([{ txt: [SPF] }, { txt: [[SPF.slice(0, 20), SPF.slice(20).replace('-all', '~all')]] }]);
    expect((await consistency(changed)).status).toBe('fail');
  });

  it('a lagging server (old serial, old MX): fail naming it, both answers, the serials and how long caches may hold the old MX', async () => {
    const w = await world([{ serial: 2026010102, mx: [[0, MS_MX]] }, { serial: 2026010101, mx: [[10, 'mail.contoso.com']], mxTtl: 14400 }]);
    const f = await consistency(w);
    expect(f.status).toBe('fail');
    expect(f.message).toContain(`the MX records of contoso.com: ${label(w, 1)} at serial 2026010101 still serves 10 mail.contoso.com., while ${label(w, 0)} at serial 2026010102 serves 0 ${MS_MX}.`);
    expect(f.message).toContain('not yet published everywhere; secondary servers pull changes when the primary sends NOTIFY, or at the latest after the SOA refresh interval of 3600 s (1 h)');
    expect(f.message).toContain(`Caches may still hold the old answer: the MX records of contoso.com for up to 14400 s (4 h) after ${label(w, 1)} updates`);
    expect(f.remedy).toMatch(/zone transfers \(AXFR\/IXFR\)/);
    expect(f.remedy).toContain('14400 s (4 h)');
    expect(f.observed).toEqual(expect.arrayContaining([`;   ${label(w, 1)}, serial 2026010101:`, 'contoso.com. 14400 IN MX 10 mail.contoso.com.']));
    expect(f.evidence).toMatchObject({ newestSerial: 2026010102, disagreements: [{ question: 'contoso.com MX', pattern: 'lagging', cacheTtl: 14400 }] });
  });

  it('a record just added (DMARC missing on the lagging server): the cache time is the negative-caching TTL', async () => {
    const w = await world([{ serial: 5 }, { serial: 4, dmarc: null }, { serial: 5 }], NS3);
    const f = await consistency(w);
    expect(f.status).toBe('fail');
    expect(f.message).toContain(`${label(w, 1)} at serial 4 still serves no TXT record (NXDOMAIN), while ${label(w, 0)} and ${label(w, 2)} at serial 5 serve "v=DMARC1`);
    expect(f.message).toContain('for up to 300 s (5 min) (the negative-caching TTL: the SOA minimum, RFC 2308)');
  });

  it('SPF disagreement at the same serial: not copies of one zone', async () => {
    const w = await world([{ txt: [SPF] }, { txt: ['v=spf1 +a +mx -all'] }]);
    const f = await consistency(w);
    expect(f.status).toBe('fail');
    expect(f.message).toContain('the SPF record of contoso.com:');
    expect(f.message).toContain('"v=spf1 +a +mx -all"');
    expect(f.message).toContain('Servers at the same serial serve different data');
    expect(f.message).toContain('either answer for the SPF record of contoso.com for up to 3600 s (1 h)');
    expect(f.remedy).toMatch(/not copies of one zone/);
  });

  it('autodiscover and DKIM disagreements are each named', async () => {
    const w = await world(
      [{ serial: 9 }, { serial: 8, autodiscover: 'autodiscover.mail.hostinger.com', selector1: 'selector1.hosting.example', dkimDefault: 'v=DKIM1; k=rsa; p=OLD' }],
    );
    const f = await consistency(w);
    expect(f.status).toBe('fail');
    expect(f.message).toContain('disagree on 3 answers');
    expect(f.message).toContain(`the CNAME at autodiscover.contoso.com: ${label(w, 1)} at serial 8 still serves autodiscover.mail.hostinger.com.`);
    expect(f.message).toContain(`the CNAME at selector1._domainkey.contoso.com: ${label(w, 1)} at serial 8 still serves selector1.hosting.example.`);
    expect(f.message).toContain('the DKIM key at default._domainkey.contoso.com');
    expect(f.message).not.toContain('_dmarc');
  });

  it('the hosting DKIM selector given by the user is the one compared', async () => {
    const w = await world([{ extra: { 'cp1._domainkey.contoso.com': [{ TXT: 'v=DKIM1; p=NEW' }] } }, { extra: { 'cp1._domainkey.contoso.com': [{ TXT: 'v=DKIM1; p=OLD' }] } }]);
    expect((await consistency(w)).status).toBe('pass');
    const f = await consistency(w, { dkimSelector: 'cp1' });
    expect(f.status).toBe('fail');
    expect(f.message).toContain('the DKIM key at cp1._domainkey.contoso.com: ');
  });

  it('one server down among answering ones: warn, naming it (resolvers fail over, after a wait)', async () => {
    const w = await world([{}, 'down']);
    const f = await consistency(w);
    expect(f.status).toBe('warn');
    expect(f.message).toContain(`The 1 answering server addresses of contoso.com agree (serial 2026010101), but ${label(w, 1)} refused the connection: no DNS server listens there`);
    expect(f.remedy).toContain(`Fix or remove ${label(w, 1)}`);
  });

  it('a server that times out, one that answers REFUSED and one without the AA bit are each a warn with the reason', async () => {
    const timeout = await consistency(await world([{}, { lame: 'timeout' }]));
    expect(timeout.status).toBe('warn');
    expect(timeout.message).toContain('did not answer (timed out)');
    const refused = await consistency(await world([{}, { lame: 'refused' }]));
    expect(refused.status).toBe('warn');
    expect(refused.message).toContain('answered REFUSED: the zone is not configured on it (a lame delegation)');
    const noAa = await consistency(await world([{ lame: 'no-aa' }, {}]));
    expect(noAa.status).toBe('warn');
    expect(noAa.message).toMatch(/ns1\.contoso\.com .* answered without the authoritative-answer \(AA\) bit/);
  });

  it('a server that fails one question, and an NS name without an address: warn, each named', async () => {
    const servfailMx = authoritative(contosoZone(NS), DOMAIN, {
      handler: (query, _t, _r, helpers) => {
        if (query.questions[0]?.type !== 'MX') return undefined;
        const reply = helpers.defaultResponse();
        return reply === 'drop' ? 'drop' : { ...reply, flags: ((reply.flags ?? 0) & ~0x040f) | 2, answers: [], authorities: [] };
      },
    });
    const dangling = { [DOMAIN]: [...contosoZone(NS)[DOMAIN]!, { NS: 'ns-old.gone.example' }] };
    const w = await startAuthWorld(H.slice(0, 2), [authoritative(contosoZone(NS)), servfailMx], recursiveView(NS, dangling));
    open.push(w);
    const f = await consistency(w);
    expect(f.status).toBe('warn');
    expect(f.message).toContain('the name server ns-old.gone.example has no usable address');
    expect(f.message).toContain(`${label(w, 1)} did not answer the MX records of contoso.com (SERVFAIL`);
    expect(f.remedy).toContain(`Fix or remove ns-old.gone.example and ${label(w, 1)}`);
  });

  it('an address this machine has no route to is not counted against the server', async () => {
    const w = await world([{}, {}]);
    const recursive = createResolver({ servers: [{ host: '127.0.0.1', port: w.recursive.port }], ...FAST });
    const setup = await connectAuthoritative(DOMAIN, recursive, { ...FAST, port: () => w.port });
    const unreachable = setup.view.servers[1]!;
    // An IPv6 address on a network without IPv6: every question ends in ENETUNREACH.
    unreachable.client = {
      query: async (name, type) => ({ question: { name, type }, status: 'error', records: [], cnames: [], canonicalName: name, code: 'ENETUNREACH', reason: 'ENETUNREACH from [2001:db8::53]:53 (1 attempt)' }),
    };
    const [pass] = await runChecks({ domain: DOMAIN, input: {}, dns: setup.dns, authoritative: setup.view, checks: [dnsConsistency], now: new Date(), checkTimeoutMs: 5000 });
    expect(pass!.status).toBe('pass');
    expect(pass!.message).toContain(`Not asked: ${label(w, 1)} (cannot be reached from this machine (ENETUNREACH))`);
    setup.view.servers[0]!.client = unreachable.client;
    const [error] = await runChecks({ domain: DOMAIN, input: {}, dns: setup.dns, authoritative: setup.view, checks: [dnsConsistency], now: new Date(), checkTimeoutMs: 5000 });
    expect(error).toMatchObject({ status: 'error', message: expect.stringContaining('can be reached from this machine') });
  });

  it('a disagreement outranks a silent server, and both are said', async () => {
    const w = await world([{ serial: 3 }, { serial: 2, mx: [[10, 'mail.contoso.com']] }, 'down'], NS3);
    const f = await consistency(w);
    expect(f.status).toBe('fail');
    expect(f.message).toContain(`Also, ${label(w, 2)} refused the connection`);
  });

  it('every record the same but a lower serial on one server: warn, the change is not everywhere yet', async () => {
    const w = await world([{ serial: 7 }, { serial: 6 }]);
    const f = await consistency(w);
    expect(f.status).toBe('warn');
    expect(f.message).toContain(`${label(w, 1)} has not picked up serial 7 yet`);
    expect(f.message).toContain('not yet published everywhere');
  });

  it('all servers silent: error, and the other checks judge the recursive answers', async () => {
    const w = await world(['down', { lame: 'refused' }]);
    const f = await judge(w, [ALL_CHECKS.find((c) => c.meta.id === 'mx.present')!, dnsConsistency]);
    expect(f['dns.consistency']!.status).toBe('error');
    expect(f['dns.consistency']!.message).toContain('None of the 2 authoritative server addresses of contoso.com answered for the zone');
    expect(f['dns.consistency']!.message).toContain("The other checks judged the recursive resolver's answers instead.");
    expect(f['mx.present']!.status).toBe('pass');
  });

  it('a zone that cannot be found: error', async () => {
    const w = await world([{}]);
    const recursive = createResolver({ servers: [{ host: '127.0.0.1', port: w.recursive.port }], ...FAST });
    const setup = await connectAuthoritative('nowhere.example', recursive, { ...FAST, port: () => w.port });
    const [f] = await runChecks({ domain: 'nowhere.example', input: {}, dns: setup.dns, authoritative: setup.view, checks: [dnsConsistency], now: new Date(), checkTimeoutMs: 5000 });
    expect(f).toMatchObject({ status: 'error', message: expect.stringContaining('Could not ask the authoritative servers: the zone of nowhere.example could not be found') });
    expect(f!.remedy).toContain('without --authoritative');
  });
});

describe.skipIf(!loopback.ok)(`the other checks with --authoritative${loopback.skipped}`, () => {
  it('judge the authoritative answers, not a stale cache', async () => {
    // The cache still serves the hosting MX from before the change; the zone's servers serve Microsoft's.
    const stale = { [DOMAIN]: contosoZone(NS, { mx: [[0, 'mail.contoso.com']] })[DOMAIN]! };
    const w = await world([{}, {}], NS, stale);
    const mx = ALL_CHECKS.filter((c) => c.meta.id.startsWith('mx.'));
    const recursive = createResolver({ servers: [{ host: '127.0.0.1', port: w.recursive.port }], ...FAST });
    const cached = await runChecks({ domain: DOMAIN, input: {}, dns: recursive, checks: mx, now: new Date(), checkTimeoutMs: 5000 });
    expect(cached.find((f) => f.id === 'mx.m365-primary')!.status).toBe('fail');

    const fresh = await judge(w, mx);
    expect(fresh['mx.m365-primary']!.status).toBe('pass');
    expect(fresh['mx.no-bypass']!.status).toBe('pass');
    expect(fresh['mx.targets-resolve']!.status).toBe('pass');
  });

  it('the whole registry runs with authoritative answers (DKIM chains leave the zone through the recursive resolver)', async () => {
    const w = await world([{}, {}]);
    const f = await judge(w, ALL_CHECKS);
    expect(f['dns.consistency']!.status).toBe('pass');
    expect(f['autodiscover.cname']!.status).toBe('pass');
    expect(f['spf.m365-include']!.status).toBe('pass');
    expect(f['dkim.m365']!.status).not.toBe('error');
    for (const finding of Object.values(f)) expect(finding.message).not.toMatch(/internal error/);
  });
});
