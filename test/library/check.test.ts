// The library: check(domain, options) in-process, with the config file's keys, the connect and authoritative-port hooks tests inject, plugins as objects, and bad input as InputError.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoWorld, type DemoWorld } from '../../src/core/demo.js';
import { DEMO_DOMAIN, DEMO_HOSTING_MAILBOX } from '../../src/demo/world.js';
import { formatServer } from '../../src/dns/servers.js';
import { check, defineCheck, InputError, type Finding, type Plugin, type Report } from '../../src/index.js';
import { authoritative, contosoZone, DOMAIN, recursiveView, startAuthWorld } from '../helpers/authoritative-servers.js';
import { probeLoopback } from '../helpers/loopback.js';
import { schemaErrors } from '../helpers/schema.js';

// This file's loopback addresses (other files use other 127.0.x.0/24 blocks).
const H = ['127.0.91.2', '127.0.91.3'];
const loopback = await probeLoopback(H);

let world: DemoWorld;
let resolver: string;
beforeAll(async () => {
  world = await startDemoWorld();
  resolver = formatServer(world.network.servers[0]!);
});
afterAll(() => world.close());

const statuses = (report: Report) => Object.fromEntries(report.results.map((f) => [f.id, f.status]));

describe('check(domain, options)', () => {
  it('resolves to the contract report: schema-valid, exitCode, every finding with its messageId', async () => {
    const report = await check(DEMO_DOMAIN, { resolvers: [resolver], smtp: false, timeout: 2000 });
    expect(schemaErrors('report.schema.json', report)).toEqual([]);
    expect(report.domain).toBe(DEMO_DOMAIN);
    // The demo world's leftover hosting MX fails mx.no-bypass: a fail is exit 1, as the CLI would exit.
    expect(statuses(report)).toMatchObject({ 'mx.present': 'pass', 'mx.no-bypass': 'fail', 'dmarc.record': 'warn', 'smarthost.smtp': 'skip' });
    expect(report.exitCode).toBe(1);
    expect(report.results.every((f) => typeof f.messageId === 'string' && f.messageId !== '')).toBe(true);
    expect(report.results.find((f) => f.id === 'smarthost.smtp')!.messageId).toBe('engine.needs.smtp');
  });

  it('only/skip and strict, as in splitcheck.json', async () => {
    const options = { resolvers: [resolver], smtp: false, only: ['mx', 'dmarc'], skip: ['mx.no-bypass'] };
    const report = await check(DEMO_DOMAIN, options);
    expect(report.results.map((f) => f.id)).toEqual(['mx.present', 'mx.m365-primary', 'mx.targets-resolve', 'dmarc.record']);
    // No fail left, a warn (dmarc p=none): exit 0, and 1 under strict.
    expect(report.exitCode).toBe(0);
    expect((await check(DEMO_DOMAIN, { ...options, strict: true })).exitCode).toBe(1);
  });

  it('the connect hook routes port 25 in-process: the same verdicts as the demo (5.4.1 Authoritative, a missing intermediate)', async () => {
    const done: string[] = [];
    const report = await check(DEMO_DOMAIN, {
      resolvers: [resolver],
      mailboxes: [DEMO_HOSTING_MAILBOX],
      connect: { smtp: world.live.connect!.smtp! },
      extraCa: world.live.extraCa!,
      onCheckDone: (f: Finding) => done.push(f.id),
    });
    expect(statuses(report)).toMatchObject({ 'm365.internal-relay': 'fail', 'smarthost.smtp': 'pass', 'smarthost.certificate': 'fail', 'smarthost.accepts-mailbox': 'pass' });
    expect(report.results.find((f) => f.id === 'smarthost.certificate')!.messageId).toBe('missingIntermediate');
    expect(done.sort()).toEqual(report.results.map((f) => f.id).sort());
  });

  it.skipIf(!loopback.ok)(`the authoritative-port hook lets loopback name servers answer --authoritative in-process${loopback.skipped}`, async () => {
    const ns = { 'ns1.contoso.com': H[0]!, 'ns2.contoso.com': H[1]! };
    const auth = await startAuthWorld(H, [authoritative(contosoZone(ns)), authoritative(contosoZone(ns))], recursiveView(ns));
    try {
      const report = await check(DOMAIN, { resolvers: [auth.resolver], smtp: false, timeout: 1500, retries: 0, authoritative: true, authoritativePort: () => auth.port, only: ['dns', 'mx.present'] });
      expect(statuses(report)).toEqual({ 'mx.present': 'pass', 'dns.consistency': 'pass' });
      expect(report.input?.['authoritative']).toMatchObject({ zone: 'contoso.com' });
    } finally {
      await auth.close();
    }
  });
});

describe('plugins given as objects', () => {
  const owner = defineCheck({
    meta: { id: 'acme.apex-a', title: 'Apex address', verifies: 'the domain has an A record', messages: { yes: '{domain} has {count} A record(s).', no: '{domain} has no A record.' }, remedies: { add: 'Add an A record at {domain}.' } },
    async run(ctx) {
      const r = await ctx.dns.query(ctx.domain, 'A');
      if (r.status === 'answer') return { status: 'pass', message: 'yes', data: { domain: ctx.domain, count: r.records.length } };
      return { status: 'warn', message: 'no', remedy: 'add', data: { domain: ctx.domain } };
    },
  });
  const plugin: Plugin = { checks: [owner, { meta: { id: 'acme.boom', title: 'Boom', verifies: 'throws', messages: { ok: 'ok' } }, run: () => Promise.reject(new Error('kaboom')) }] };

  it('join the run after the built-in checks, selected by their area; a throw is error, the rest intact', async () => {
    const report = await check(DEMO_DOMAIN, { resolvers: [resolver], smtp: false, plugins: [plugin], only: ['acme', 'mx.present'] });
    expect(report.results.map((f) => [f.id, f.status])).toEqual([
      ['mx.present', 'pass'],
      ['acme.apex-a', 'pass'],
      ['acme.boom', 'error'],
    ]);
    expect(report.results[1]!.message).toBe(`${DEMO_DOMAIN} has 1 A record(s).`);
    expect(report.results[2]!.remedy).toMatch(/bug in the plugin #1 \(a plugin object\)/);
    expect(report.exitCode).toBe(3);
  });
});

describe('bad input rejects with InputError (exitCode 2) before anything is asked', () => {
  it.each([
    ['an e-mail address as domain', 'alice@contoso.com', {}, /is an e-mail address/],
    ['a misspelt option', 'contoso.com', { smartHots: 'x.com' }, /options: unknown key "smartHots" at \/smartHots \(did you mean "smartHost"\?\)/],
    ['a bad value', 'contoso.com', { timeout: 10 }, /options: \/timeout: expected a whole number from 50 to 600000/],
    ['a mailbox at another domain', 'contoso.com', { mailboxes: ['bob@fabrikam.com'] }, /--mailbox bob@fabrikam\.com is not at contoso\.com/],
    ['a pattern matching no check', 'contoso.com', { only: ['mx', 'mx.presnt'] }, /options: \/only\/1: no check matches "mx\.presnt"/],
    ['a command-line key', 'contoso.com', { format: 'json' }, /options: "format" is the command line's/],
    ['a plugin that is no plugin', 'contoso.com', { plugins: [{ checks: [] }] }, /plugin #1: "checks" of its default export must be a non-empty array/],
    ['a plugin reusing a built-in id', 'contoso.com', { plugins: [{ checks: [{ meta: { id: 'mx.present', title: 'x', verifies: 'x', messages: { ok: 'x' } }, run: async () => ({ status: 'pass', message: 'ok' }) }] }] }, /"mx\.present" is the id of a built-in check/],
    ['a missing CA file', 'contoso.com', { caFile: 'no-such-ca.pem' }, /cannot read --ca-file .*no-such-ca\.pem: no such file/],
  ])('%s', async (_, domain, options, message) => {
    const refused = await check(domain, { resolvers: ['127.0.0.1:9'], ...(options as object) }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(InputError);
    expect((refused as InputError).exitCode).toBe(2);
    expect((refused as InputError).message).toMatch(message);
  });
});
