// --authoritative's clients: zone discovery, the authoritative-first client, per-server clients, fallbacks, evidence round trip.
import { afterEach, describe, expect, it } from 'vitest';
import { connectAuthoritative, viewFromEvidence } from '../../src/dns/authoritative.js';
import { createResolver } from '../../src/dns/resolver.js';
import { compareSerials, newestSerial } from '../../src/dns/serial.js';
import { discoverZone } from '../../src/dns/zone-discovery.js';
import { startDnsServer, type DnsTestServer, type Zone } from '../../src/testbed/dns-server.js';
import { zoneName } from '../../src/testbed/dns-zone.js';
import { authoritative, contosoZone, DOMAIN, MS_MX, recursiveView, startAuthWorld, WORLD, type AuthWorld } from '../helpers/authoritative-servers.js';
import { probeLoopback } from '../helpers/loopback.js';

// This file's loopback addresses: other test files use other 127.0.x.0/24 blocks.
const H = ['127.0.2.2', '127.0.2.3', '127.0.2.4'];
const loopback = await probeLoopback(H);
const NS2 = { 'ns1.contoso.com': H[0]!, 'ns2.contoso.com': H[1]! };
const FAST = { timeoutMs: 1000, retries: 0 };

const worlds: AuthWorld[] = [];
const servers: DnsTestServer[] = [];
afterEach(async () => {
  await Promise.all([...worlds.splice(0).map((w) => w.close()), ...servers.splice(0).map((s) => s.close())]);
});

async function world(...args: Parameters<typeof startAuthWorld>): Promise<AuthWorld> {
  const w = await startAuthWorld(...args);
  worlds.push(w);
  return w;
}

function recursiveClient(w: AuthWorld) {
  return createResolver({ servers: [{ host: '127.0.0.1', port: w.recursive.port }], ...FAST });
}

async function connect(w: AuthWorld, domain = DOMAIN) {
  const recursive = recursiveClient(w);
  const setup = await connectAuthoritative(domain, recursive, { ...FAST, port: () => w.port });
  return { recursive, setup };
}

describe('RFC 1982 serials', () => {
  it('compares across the wrap-around and picks the newest', () => {
    expect(compareSerials(1, 2)).toBeLessThan(0);
    expect(compareSerials(2026010102, 2026010101)).toBeGreaterThan(0);
    expect(compareSerials(4294967295, 3)).toBeLessThan(0); // 3 is newer: the counter wrapped
    expect(newestSerial([4294967290, 5, 4294967295])).toBe(5);
    expect(newestSerial([])).toBeUndefined();
  });
});

describe('discoverZone', () => {
  async function recursiveOnly(zone: Zone, extra: Partial<Parameters<typeof startDnsServer>[0]> = {}) {
    const server = await startDnsServer({ zone, ...extra });
    servers.push(server);
    return createResolver({ servers: [server.address], ...FAST });
  }

  it('finds the apex above a name without its own SOA, and the name servers with their addresses', async () => {
    const dns = await recursiveOnly({ ...recursiveView(NS2), 'www.shop.contoso.com': [{ A: '192.0.2.1' }] });
    const found = await discoverZone('www.shop.contoso.com', dns);
    expect(found).toMatchObject({ ok: true, zone: 'contoso.com', servers: [{ name: 'ns1.contoso.com', host: H[0] }, { name: 'ns2.contoso.com', host: H[1] }], omitted: 0 });
    expect(found.lookups.map((l) => `${l.question.type} ${l.question.name}`)).toContain('SOA www.shop.contoso.com');
  });

  it('a subdomain with its own SOA is its own zone', async () => {
    const dns = await recursiveOnly({
      ...recursiveView(NS2),
      'shop.contoso.com': [{ SOA: ['ns9.contoso.com', 'h.contoso.com', 7, 3600, 600, 86400, 60] }, { NS: 'ns9.contoso.com' }],
      'ns9.contoso.com': [{ A: '127.0.2.9' }],
    });
    expect(await discoverZone('shop.contoso.com', dns)).toMatchObject({ ok: true, zone: 'shop.contoso.com', servers: [{ name: 'ns9.contoso.com', host: '127.0.2.9' }] });
  });

  it('an alias is never an apex, even when its target is one', async () => {
    const dns = await recursiveOnly({ ...recursiveView(NS2), 'alias.contoso.com': [{ CNAME: 'contoso.com' }] });
    const found = await discoverZone('alias.contoso.com', dns);
    expect(found).toMatchObject({ ok: true, zone: 'contoso.com' });
  });

  it('a domain that does not exist, a failed lookup, and name servers without addresses are problems, not guesses', async () => {
    const dns = await recursiveOnly(recursiveView(NS2));
    const missing = await discoverZone('nowhere.example', dns);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.problem).toMatch(/nowhere\.example does not exist \(NXDOMAIN\)/);

    const dead = await recursiveOnly({}, { dropAll: true });
    const silent = await discoverZone(DOMAIN, dead);
    expect(silent.ok).toBe(false);
    if (!silent.ok) expect(silent.problem).toMatch(/the SOA lookup of contoso\.com failed: no answer/);

    const dangling = await recursiveOnly({ ...WORLD, ...contosoZone({ 'ns1.contoso.com': H[0]! }), [DOMAIN]: [{ SOA: ['a', 'b', 1, 1, 1, 1, 1] }, { NS: 'ns1.gone.example' }] });
    const lame = await discoverZone(DOMAIN, dangling);
    expect(lame.ok).toBe(false);
    if (!lame.ok) expect(lame.problem).toMatch(/none of the name servers of contoso\.com has an address: ns1\.gone\.example/);
  });

  it('bounds the servers, every name before a second address of any, and lists NS names without addresses', async () => {
    const ns: Zone = { [DOMAIN]: [{ SOA: ['a', 'b', 1, 1, 1, 1, 1] }, ...['a', 'b', 'c', 'x'].map((n) => ({ NS: `ns-${n}.contoso.com` }))] };
    for (const n of ['a', 'b', 'c']) ns[`ns-${n}.contoso.com`] = [{ A: `127.0.2.1${n.charCodeAt(0) - 97}` }, { A: `127.0.2.2${n.charCodeAt(0) - 97}` }, { AAAA: `::ffff:127.0.2.3${n.charCodeAt(0) - 97}` }];
    // A fourth name on an address already listed is the same server.
    ns[DOMAIN] = [...ns[DOMAIN]!, { NS: 'ns-d.contoso.com' }];
    ns['ns-d.contoso.com'] = [{ A: '127.0.2.10' }];
    const dns = await recursiveOnly(ns);
    const found = await discoverZone(DOMAIN, dns, { maxServers: 4 });
    expect(found.ok).toBe(true);
    if (!found.ok) return;
    expect(found.servers.map((s) => `${s.name} ${s.host}`)).toEqual(['ns-a.contoso.com 127.0.2.10', 'ns-b.contoso.com 127.0.2.11', 'ns-c.contoso.com 127.0.2.12', 'ns-a.contoso.com 127.0.2.20']);
    expect(found.omitted).toBe(5);
    expect(found.unresolved).toEqual([{ name: 'ns-x.contoso.com', reason: expect.stringMatching(/does not exist/) }]);
  });
});

describe.skipIf(!loopback.ok)(`the authoritative-first client${loopback.skipped}`, () => {
  it('answers in-zone names from the zone\'s servers (RD=0) and everything else from the recursive resolver', async () => {
    const fresh = contosoZone(NS2, { serial: 2, mx: [[0, MS_MX]] });
    // The cache still holds the hosting MX from before the change.
    const w = await world(H.slice(0, 2), [authoritative(fresh), authoritative(fresh)], recursiveView(NS2, { [DOMAIN]: [...contosoZone(NS2)[DOMAIN]!.filter((e) => typeof e === 'object' && !('MX' in e)), { MX: [10, 'mail.contoso.com'] }] }));
    const { recursive, setup } = await connect(w);
    expect(setup.view).toMatchObject({ zone: DOMAIN, omitted: 0, unresolved: [] });
    expect(setup.view.fallback).toBeUndefined();
    expect(setup.view.servers.map((s) => s.label)).toEqual([`ns1.contoso.com (${H[0]}:${w.port})`, `ns2.contoso.com (${H[1]}:${w.port})`]);

    expect((await recursive.query(DOMAIN, 'MX')).records.map((r) => r.data)).toEqual([{ preference: 10, exchange: 'mail.contoso.com' }]);
    const mx = await setup.dns.query(DOMAIN, 'MX');
    expect(mx).toMatchObject({ status: 'answer', authoritative: true, server: `${H[0]}:${w.port}` });
    expect(mx.records.map((r) => r.data)).toEqual([{ preference: 0, exchange: MS_MX }]);

    const outside = await setup.dns.query(MS_MX, 'A');
    expect(outside).toMatchObject({ status: 'answer', server: `127.0.0.1:${w.recursive.port}` });

    // In-zone CNAME to an out-of-zone target: the zone's server gives the CNAME, the recursive resolver finishes the chain.
    const dkim = await setup.dns.query(`selector1._domainkey.${DOMAIN}`, 'TXT');
    expect(dkim.status).toBe('answer');
    expect(dkim.cnames.map((c) => c.data)).toEqual(['selector1-contoso-com._domainkey.contoso.onmicrosoft.com']);
    expect(dkim.records.map((r) => r.data)).toEqual([['v=DKIM1; k=rsa; p=MIIB']]);
    const auto = await setup.dns.query(`autodiscover.${DOMAIN}`, 'A');
    expect(auto.cnames.map((c) => c.data)).toEqual(['autodiscover.outlook.com', 'autod.ms-acdc.office.com']);
    expect(auto.records.map((r) => r.data)).toEqual(['198.51.100.20']);

    const gone = await setup.dns.query(`nothing.${DOMAIN}`, 'TXT');
    expect(gone).toMatchObject({ status: 'nxdomain', ttl: 300, authoritative: true });

    // The zone's servers were asked only about names in the zone, never recursively.
    for (const server of w.servers) {
      for (const q of server!.queries) {
        expect(q.recursionDesired).toBe(false);
        expect(q.name === DOMAIN || q.name.endsWith(`.${DOMAIN}`)).toBe(true);
      }
    }
    expect(setup.lookups()!.map((l) => `${l.question.type} ${l.question.name}`)).toEqual(
      expect.arrayContaining([`MX ${DOMAIN}`, `A ${MS_MX}`, `TXT selector1._domainkey.${DOMAIN}`]),
    );
  });

  it('follows in-zone CNAMEs on the zone\'s servers, and keeps loops and bad names as errors', async () => {
    const zone = contosoZone(NS2, {
      extra: { [`www.${DOMAIN}`]: [{ CNAME: `web.${DOMAIN}` }], [`web.${DOMAIN}`]: [{ A: '192.0.2.80' }], [`loop.${DOMAIN}`]: [{ CNAME: `loop.${DOMAIN}` }] },
    });
    const w = await world(H.slice(0, 2), [authoritative(zone), authoritative(zone)], recursiveView(NS2));
    const { setup } = await connect(w);
    const www = await setup.dns.query(`WWW.${DOMAIN}.`, 'A');
    expect(www).toMatchObject({ question: { name: `www.${DOMAIN}`, type: 'A' }, status: 'answer', canonicalName: `web.${DOMAIN}`, authoritative: true });
    expect(www.records.map((r) => r.data)).toEqual(['192.0.2.80']);
    expect(await setup.dns.query(`loop.${DOMAIN}`, 'A')).toMatchObject({ status: 'error', code: 'ECNAMELOOP' });
    expect(await setup.dns.query(`bad..${DOMAIN}`, 'A')).toMatchObject({ status: 'error', code: 'EBADNAME' });
  });

  it('a referral below the apex is a delegation: that name goes to the recursive resolver', async () => {
    const zone = contosoZone(NS2);
    const delegating = authoritative(zone, DOMAIN, {
      handler: (query, _t, _r, helpers) => {
        const name = zoneName(query.questions[0]?.name ?? '');
        if (!name.endsWith(`sub.${DOMAIN}`)) return undefined;
        const reply = helpers.defaultResponse();
        if (reply === 'drop') return 'drop';
        return { ...reply, flags: (reply.flags ?? 0) & ~0x040f, answers: [], authorities: [{ type: 'NS', name: `sub.${DOMAIN}`, ttl: 3600, data: 'ns.elsewhere.example' }] };
      },
    });
    const w = await world(H.slice(0, 2), [delegating, delegating], recursiveView(NS2, { [`www.sub.${DOMAIN}`]: [{ A: '192.0.2.99' }] }));
    const { setup } = await connect(w);
    const sub = await setup.dns.query(`www.sub.${DOMAIN}`, 'A');
    expect(sub).toMatchObject({ status: 'answer', server: `127.0.0.1:${w.recursive.port}` });
    expect(sub.records.map((r) => r.data)).toEqual(['192.0.2.99']);
  });

  it('prefers the server with the newest serial, and skips a lame one (no AA bit)', async () => {
    const old = contosoZone(NS2, { serial: 1, mx: [[10, 'mail.contoso.com']] });
    const fresh = contosoZone(NS2, { serial: 2 });
    const w = await world(H.slice(0, 2), [authoritative(old), authoritative(fresh)], recursiveView(NS2));
    const { setup } = await connect(w);
    const mx = await setup.dns.query(DOMAIN, 'MX');
    expect(mx.server).toBe(`${H[1]}:${w.port}`);
    expect(mx.records.map((r) => r.data)).toEqual([{ preference: 0, exchange: MS_MX }]);
    // Each server's own client still says what that server serves.
    const ns1 = await setup.view.servers[0]!.client.query(DOMAIN, 'MX');
    expect(ns1.records.map((r) => r.data)).toEqual([{ preference: 10, exchange: 'mail.contoso.com' }]);

    const lame = await world(['127.0.2.5', '127.0.2.6'], [{ zone: fresh, recursive: true }, authoritative(fresh)], recursiveView({ 'ns1.contoso.com': '127.0.2.5', 'ns2.contoso.com': '127.0.2.6' }));
    const second = await connect(lame);
    expect((await second.setup.dns.query(DOMAIN, 'MX')).server).toBe(`127.0.2.6:${lame.port}`);
    expect(await second.setup.view.servers[0]!.client.query(DOMAIN, 'MX')).toMatchObject({ status: 'error', code: 'ENOTAUTH' });
  });

  it('when no server answers, the view says why and the checks get the recursive client', async () => {
    const w = await world(H.slice(0, 2), ['down', 'down'], recursiveView(NS2));
    const { recursive, setup } = await connect(w);
    expect(setup.dns).toBe(recursive);
    expect(setup.lookups()).toBeUndefined();
    expect(setup.view.zone).toBe(DOMAIN);
    expect(setup.view.fallback).toMatch(/none of the 2 name-server addresses of contoso\.com answered authoritatively for its SOA record/);
    expect(setup.view.fallback).toMatch(/ECONNREFUSED/);

    const nozone = await connectAuthoritative('nowhere.example', recursive, { ...FAST, port: () => w.port });
    expect(nozone.view).toMatchObject({ servers: [], fallback: expect.stringMatching(/the zone of nowhere\.example could not be found: nowhere\.example does not exist/) });
    expect(nozone.evidence().discovery.length).toBeGreaterThan(0);
  });

  it('all servers failing one question is an error value, not a fact', async () => {
    const fresh = contosoZone(NS2);
    const failing = authoritative(fresh, DOMAIN, {
      handler: (query, _t, _r, helpers) => {
        const q = query.questions[0];
        if (q?.type !== 'MX') return undefined;
        const reply = helpers.defaultResponse();
        return reply === 'drop' ? 'drop' : { ...reply, flags: ((reply.flags ?? 0) & ~0x040f) | 2, answers: [], authorities: [] };
      },
    });
    const w = await world(H.slice(0, 2), [failing, failing], recursiveView(NS2));
    const { setup } = await connect(w);
    const mx = await setup.dns.query(DOMAIN, 'MX');
    expect(mx).toMatchObject({ status: 'servfail' });
    expect(mx.reason).toMatch(/none of the zone's authoritative servers answered: ns1\.contoso\.com .*SERVFAIL.*; ns2\.contoso\.com/);
  });

  it('the evidence rebuilds the view, and each server replays its own answers', async () => {
    const w = await world(H.slice(0, 2), [authoritative(contosoZone(NS2, { serial: 1 })), authoritative(contosoZone(NS2, { serial: 2, mx: [[5, 'mx.other.example']] }))], recursiveView(NS2));
    const { setup } = await connect(w);
    const live = await Promise.all(setup.view.servers.map((s) => s.client.query(DOMAIN, 'MX')));
    const evidence = JSON.parse(JSON.stringify(setup.evidence())) as ReturnType<typeof setup.evidence>;
    expect(evidence.zone).toBe(DOMAIN);
    expect(evidence.servers.map((s) => s.exchanges.length > 0)).toEqual([true, true]);
    const view = viewFromEvidence(evidence);
    expect(view.servers.map((s) => s.label)).toEqual(setup.view.servers.map((s) => s.label));
    const replayed = await Promise.all(view.servers.map((s) => s.client.query(DOMAIN, 'MX')));
    expect(replayed).toEqual(live);
  });
});
