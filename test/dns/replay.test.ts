// The replay client: saved lookups answer the same questions offline; anything else says it is not in the evidence.
import { describe, expect, it } from 'vitest';
import { createReplayClient } from '../../src/dns/replay.js';
import { createResolver } from '../../src/dns/resolver.js';
import type { DnsResult } from '../../src/dns/types.js';
import { SOA_EXAMPLE, useDnsServers } from './helpers.js';

const startServer = useDnsServers();

async function recordRun(): Promise<DnsResult[]> {
  const server = await startServer({
    zone: {
      'example.com': [SOA_EXAMPLE, { MX: [0, 'example-com.mail.protection.outlook.com'] }, { TXT: ['v=spf1 ', '\u0000\u00ff binary'] }],
      'autodiscover.example.com': [{ CNAME: 'autodiscover.outlook.com' }],
      'autodiscover.outlook.com': [{ A: '192.0.2.80' }],
    },
  });
  const resolver = createResolver({ servers: [server.address], timeoutMs: 300 });
  await resolver.query('example.com', 'MX');
  await resolver.query('example.com', 'TXT');
  await resolver.query('autodiscover.example.com', 'A');
  await resolver.query('nope.example.com', 'A');
  // Through JSON, as --save-evidence / --replay do.
  return JSON.parse(JSON.stringify(resolver.lookups())) as DnsResult[];
}

describe('createReplayClient', () => {
  it('answers saved questions exactly as the live run did, names normalised', async () => {
    const saved = await recordRun();
    const replay = createReplayClient(saved);
    expect(await replay.query('EXAMPLE.com.', 'MX')).toEqual(saved[0]);
    expect(await replay.query('example.com', 'TXT')).toEqual(saved[1]);
    const txt = (await replay.query('example.com', 'TXT')).records[0];
    expect(txt?.type === 'TXT' && txt.data).toEqual(['v=spf1 ', '\u0000\u00ff binary']);
    const cname = await replay.query('autodiscover.example.com', 'A');
    expect(cname.cnames.map((c) => c.data)).toEqual(['autodiscover.outlook.com']);
    expect((await replay.query('nope.example.com', 'A')).status).toBe('nxdomain');
  });

  it('a question not in the evidence is an error saying so, not an absence', async () => {
    const replay = createReplayClient(await recordRun());
    const result = await replay.query('example.com', 'AAAA');
    expect(result).toMatchObject({ status: 'error', code: 'ENOEVIDENCE', records: [] });
    expect(result.reason).toMatch(/not in the saved evidence/);
    expect(replay.missing).toEqual(['example.com AAAA']);
  });

  it('refuses bad names like the live client', async () => {
    const replay = createReplayClient([]);
    expect(await replay.query('a..b', 'A')).toMatchObject({ status: 'error', code: 'EBADNAME' });
  });

  it('hands out copies and records what was asked, in order', async () => {
    const saved = await recordRun();
    const replay = createReplayClient(saved);
    const first = await replay.query('example.com', 'MX');
    first.records.length = 0;
    expect((await replay.query('example.com', 'MX')).records).toHaveLength(1);
    await replay.query('nope.example.com', 'A');
    expect(replay.lookups().map((r) => r.question.name)).toEqual(['example.com', 'nope.example.com']);
  });

  it('honours an aborted signal', async () => {
    const replay = createReplayClient(await recordRun());
    expect((await replay.query('example.com', 'MX', { signal: AbortSignal.abort() })).code).toBe('ECANCELLED');
  });
});
