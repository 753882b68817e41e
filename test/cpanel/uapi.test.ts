// The cPanel UAPI client against the loopback imitation: documented answers, refusals, failures, bad servers, and the token kept out of everything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailRouting, forwarders, hostingMailboxes } from '../../src/cpanel/responses.js';
import { liveCpanelSource, replayCpanelSource } from '../../src/cpanel/source.js';
import { createUapiClient, MAX_UAPI_BYTES, type UapiClientOptions, type UapiOutcome } from '../../src/cpanel/uapi.js';
import { createTestPki, type TestPki } from '../../src/testbed/certs.js';
import { startCpanelServer, type CpanelAccountWorld, type RunningCpanelServer } from '../../src/testbed/cpanel-server.js';

const HOST = 'cpanel.example.test';
const TOKEN = 'Z9Q8W7E6R5T4Y3U2I1O0PASDFGHJKLXC';
const USER = 'exampleuser';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ hostname: HOST, wrongName: 'server.elsewhere.test' });
});

const ACCOUNT: CpanelAccountWorld = {
  user: USER,
  token: TOKEN,
  mailboxes: ['Anna@example.test', 'ben@example.test', 'other@second.test'],
  suspendedIncoming: ['ben@example.test'],
  routing: {
    'example.test': { mxcheck: 'local', mx: [{ exchanger: 'example-test.mail.protection.outlook.com', priority: 0 }] },
    'second.test': { mxcheck: 'auto', detected: 'remote' },
  },
  forwarders: [
    { dest: 'Carl@example.test', forward: 'carl@contoso.onmicrosoft.com' },
    { dest: 'x@second.test', forward: 'x@elsewhere.test' },
  ],
};

const servers: RunningCpanelServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function serve(account: Partial<CpanelAccountWorld> = {}, leaf: keyof TestPki['leaves'] = 'good') {
  const server = await startCpanelServer({ tls: pki.leaves[leaf], account: { ...ACCOUNT, ...account } });
  servers.push(server);
  const options: UapiClientOptions = {
    url: `https://${HOST}:2083`,
    user: USER,
    token: TOKEN,
    timeoutMs: 2000,
    extraCa: [pki.ca.cert],
    connect: (target) => (target.host === HOST ? { host: '127.0.0.1', port: server.port } : undefined),
  };
  return { server, options, client: createUapiClient(options) };
}

function expectNoToken(value: unknown): void {
  const text = JSON.stringify(value);
  expect(text).not.toContain(TOKEN);
}

describe('the documented answers', () => {
  it('list_pops: the domain\'s mailboxes, lower case, without the account\'s system mailbox', async () => {
    const { client, server } = await serve();
    const outcome = await client.get('list_pops');
    expect(outcome.outcome).toBe('ok');
    const read = hostingMailboxes((outcome as Extract<UapiOutcome, { outcome: 'ok' }>).data, 'example.test');
    expect(read).toEqual({
      ok: true,
      value: { mailboxes: [{ address: 'anna@example.test', suspendedIncoming: false }, { address: 'ben@example.test', suspendedIncoming: true }], all: 4, cut: false },
    });
    expect(server.requests).toEqual([{ method: 'GET', path: '/execute/Email/list_pops', authorized: true }]);
  });

  it('list_mxs: the configured routing and what it resolves to', async () => {
    const { client } = await serve();
    const local = await client.get('list_mxs', { domain: 'example.test' });
    expect(emailRouting((local as { data: unknown }).data, 'example.test')).toEqual({
      ok: true,
      value: { domain: 'example.test', setting: 'local', from: 'mxcheck', detected: 'local', mx: [{ exchanger: 'example-test.mail.protection.outlook.com', priority: 0 }] },
    });
    const auto = await client.get('list_mxs', { domain: 'second.test' });
    expect(emailRouting((auto as { data: unknown }).data, 'second.test')).toMatchObject({ ok: true, value: { setting: 'auto', detected: 'remote' } });
  });

  it('list_mxs for a domain the account does not have: cPanel\'s status 0 with its words', async () => {
    const { client } = await serve();
    expect(await client.get('list_mxs', { domain: 'nope.test' })).toEqual({ outcome: 'failed', errors: ['You do not control a domain named “nope.test”.'] });
  });

  it('list_forwarders: source and destination per row', async () => {
    const { client, server } = await serve();
    const outcome = await client.get('list_forwarders', { domain: 'example.test' });
    expect(forwarders((outcome as { data: unknown }).data, 'example.test')).toEqual({ ok: true, value: { forwarders: [{ from: 'carl@example.test', to: 'carl@contoso.onmicrosoft.com' }], cut: false } });
    expect(server.requests.map((r) => r.path)).toEqual(['/execute/Email/list_forwarders?domain=example.test']);
  });

  it('a cPanel behind a path (a proxy) keeps it in front of /execute', async () => {
    const { server, options } = await serve();
    const client = createUapiClient({ ...options, url: `https://${HOST}:2083/cpanel` });
    await client.get('list_pops');
    expect(server.requests.at(-1)?.path).toBe('/cpanel/execute/Email/list_pops');
  });
});

describe('refusals and failures are outcomes, never verdicts', () => {
  it('HTTP 401 (wrong token) and 403 (a token limited to other addresses) are "refused"', async () => {
    const { options } = await serve();
    expect(await createUapiClient({ ...options, token: 'WRONGTOKEN0123456789ABCDEFGHIJKL' }).get('list_pops')).toEqual({ outcome: 'refused', status: 401 });
    expect(await (await serve({ misbehave: 'forbidden' })).client.get('list_pops')).toEqual({ outcome: 'refused', status: 403 });
  });

  it("UAPI status 0 quotes cPanel's errors", async () => {
    const { client } = await serve({ misbehave: { list_pops: 'status0' }, errors: ['The “emailaccounts” feature is disabled.'] });
    expect(await client.get('list_pops')).toEqual({ outcome: 'failed', errors: ['The “emailaccounts” feature is disabled.'] });
  });

  it('a server that does not answer like UAPI is "not cPanel": garbage, a login page, other JSON', async () => {
    for (const how of ['garbage', 'html', 'not-envelope'] as const) {
      const outcome = await (await serve({ misbehave: how })).client.get('list_pops');
      expect(outcome, how).toMatchObject({ outcome: 'not-cpanel', status: 200 });
    }
    const html = await (await serve({ misbehave: 'html' })).client.get('list_pops');
    expect((html as { reason: string }).reason).toMatch(/text\/html that is not JSON/);
  });

  it('a redirect is reported with its target and not followed', async () => {
    const { client, server } = await serve({ misbehave: 'redirect' });
    expect(await client.get('list_pops')).toEqual({ outcome: 'http', status: 302, location: 'https://login.elsewhere.test/?goto=/execute/Email' });
    expect(server.requests).toHaveLength(1);
  });

  it('HTTP 500 is an HTTP outcome', async () => {
    expect(await (await serve({ misbehave: 'server-error' })).client.get('list_pops')).toEqual({ outcome: 'http', status: 500 });
  });

  it('a slow server times out at the run\'s timeout', async () => {
    const { options } = await serve({ misbehave: 'slow', slowMs: 5000 });
    const started = Date.now();
    expect(await createUapiClient({ ...options, timeoutMs: 300 }).get('list_pops')).toEqual({ outcome: 'timeout', timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('an endless answer is cut at the size cap', async () => {
    expect(await (await serve({ misbehave: 'oversized' })).client.get('list_pops')).toEqual({ outcome: 'too-large', limit: MAX_UAPI_BYTES });
  });

  it('TLS is verified: an unknown CA, a certificate for another name', async () => {
    const { options } = await serve();
    const untrusted = await createUapiClient({ ...options, extraCa: [] }).get('list_pops');
    expect(untrusted).toMatchObject({ outcome: 'certificate', code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' });
    const wrong = await (await serve({}, 'wrongName')).client.get('list_pops');
    expect(wrong).toMatchObject({ outcome: 'certificate', code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  it('nothing listening is a network outcome', async () => {
    const { options } = await serve();
    const closed = await createUapiClient({ ...options, connect: () => ({ host: '127.0.0.1', port: 1 }) }).get('list_pops');
    expect(closed).toMatchObject({ outcome: 'network', code: 'ECONNREFUSED' });
  });
});

describe('the token never leaves the client', () => {
  it('a server that echoes the Authorization header back into its data: not judged (not-cpanel), and the token is nowhere', async () => {
    const { client } = await serve({ misbehave: 'echo-token' });
    for (const fn of ['list_pops', 'list_mxs', 'list_forwarders'] as const) {
      const outcome = await client.get(fn, fn === 'list_pops' ? {} : { domain: 'example.test' });
      // Its rows would otherwise be judged with "[redacted]" inside addresses (a confident answer about no real data).
      expect(outcome).toMatchObject({ outcome: 'not-cpanel', status: 200, reason: expect.stringMatching(/quotes the API token back/) });
      expectNoToken(outcome);
    }
  });

  it('a short token that cPanel accepts and that occurs inside an address: not judged, never an address with "[redacted]" in it', async () => {
    // SPLITCHECK_CPANEL_TOKEN may hold any visible ASCII (account.ts); "ben" is also a mailbox's local part.
    const { options } = await serve({ token: 'ben' });
    const client = createUapiClient({ ...options, token: 'ben' });
    const pops = await client.get('list_pops');
    expect(pops).toMatchObject({ outcome: 'not-cpanel', reason: expect.stringMatching(/quotes the API token back/) });
    expect(JSON.stringify(pops)).not.toContain('[redacted]');
    // An answer the token does not occur in is read as usual under the same short token.
    expect(await client.get('list_mxs', { domain: 'example.test' })).toMatchObject({ outcome: 'ok' });
  });

  it("and from cPanel's errors", async () => {
    const { client } = await serve({ misbehave: 'status0', errors: [`Invalid token ${TOKEN} for ${USER}`] });
    const outcome = await client.get('list_pops');
    expect(outcome).toEqual({ outcome: 'failed', errors: [`Invalid token [redacted] for ${USER}`] });
  });

  it('the recorded evidence holds paths and answers, never the token, and replays the same outcomes', async () => {
    const { options } = await serve({ misbehave: { list_forwarders: 'echo-token' } });
    const live = liveCpanelSource(options);
    const answers = [await live.pops(), await live.mxs('example.test'), await live.forwarders('example.test'), await live.pops()];
    const evidence = live.evidence();
    expect(evidence.calls.map((c) => c.path)).toEqual([
      '/execute/Email/list_pops',
      '/execute/Email/list_mxs?domain=example.test',
      '/execute/Email/list_forwarders?domain=example.test',
    ]);
    expect(evidence.account).toEqual({ url: `https://${HOST}:2083`, user: USER });
    expectNoToken(evidence);
    const replay = replayCpanelSource(JSON.parse(JSON.stringify(evidence)));
    expect([await replay.pops(), await replay.mxs('example.test'), await replay.forwarders('example.test'), await replay.pops()]).toEqual(answers);
    expect(await replay.mxs('other.test')).toEqual({ outcome: 'not-recorded' });
    expect(replay.evidence()).toEqual(evidence);
  });
});
