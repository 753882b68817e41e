// A resolver that cannot be reached is said to be unreachable, with why (issue 14 item 4): connect() errors are not sent past.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { encodeQuery } from '../../src/dns/packet.js';
import { createResolver } from '../../src/dns/resolver.js';
import { udpQuery } from '../../src/dns/udp.js';
import { unreachableText } from '../../src/dns/unreachable.js';
import { BIN } from '../helpers/cli.js';
import { closedPort } from './helpers.js';

const QUERY = () => encodeQuery({ name: 'example.com', type: 'TXT' });

describe('udpQuery when connect() itself fails', () => {
  // Linux refuses connect() of a UDP socket to the limited broadcast address without SO_BROADCAST (EACCES),
  // or finds no route to it (ENETUNREACH) where only loopback exists: either way connect()'s callback gets the
  // error. Sending on regardless was Node's ERR_SOCKET_BAD_PORT "Received function".
  it('reports the connect error as the outcome, in words', async () => {
    const outcome = await udpQuery({ server: { host: '255.255.255.255', port: 53 }, query: QUERY(), timeoutMs: 2000 });
    expect(outcome.kind).toBe('socket-error');
    if (outcome.kind !== 'socket-error') return;
    expect(outcome.code).not.toBe('ERR_SOCKET_BAD_PORT');
    expect(['EACCES', 'ENETUNREACH', 'EHOSTUNREACH']).toContain(outcome.code);
    expect(outcome.error).toMatch(/^the DNS server could not be reached: /);
  });

  it('reaches the resolver result with the reason, not a timeout and not Node internals', async () => {
    const dns = createResolver({ servers: [{ host: '255.255.255.255', port: 53 }], timeoutMs: 2000, retries: 0 });
    const r = await dns.query('example.com', 'TXT');
    expect(r.status).toBe('error');
    expect(r.reason).toMatch(/from 255\.255\.255\.255:53 \(1 attempt\): the DNS server could not be reached: /);
    expect(r.reason).not.toMatch(/ERR_SOCKET|Received function/);
  });

  it('says "refused" for a port where nothing listens', async () => {
    const outcome = await udpQuery({ server: await closedPort(), query: QUERY(), timeoutMs: 2000 });
    expect(outcome).toMatchObject({ kind: 'socket-error', code: 'ECONNREFUSED' });
    if (outcome.kind === 'socket-error') expect(outcome.error).toMatch(/could not be reached: it refused: nothing listens on that port/);
  });
});

describe('unreachableText', () => {
  it.each([
    ['ENETUNREACH', /the network is unreachable from this machine/],
    ['EHOSTUNREACH', /no route to that host/],
    ['ECONNREFUSED', /refused/],
    ['EACCES', /may not send there/],
    ['EADDRNOTAVAIL', /cannot be used from this machine/],
  ])('%s', (code, words) => {
    expect(unreachableText(Object.assign(new Error(`connect ${code}`), { code }))).toMatch(words);
  });

  it('keeps Node’s own message for anything else', () => {
    expect(unreachableText(Object.assign(new Error('send EMSGSIZE'), { code: 'EMSGSIZE' }))).toBe('send EMSGSIZE');
  });
});

// A network namespace with loopback alone (unshare -rn: an unprivileged user namespace) has no route anywhere:
// the real ENETUNREACH of a laptop offline, through the built CLI. Only where user namespaces exist (Linux).
const canUnshare = spawnSync('unshare', ['-rn', 'true']).status === 0;

describe.runIf(canUnshare)('splitcheck spf with no route to the resolver (unshare -rn)', () => {
  it('says the resolver could not be reached because the network is unreachable', () => {
    const r = spawnSync('unshare', ['-rn', process.execPath, BIN, 'spf', 'example.com', '--ip', '192.0.2.1', '--resolver', '192.0.2.53', '--timeout', '2000'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Result: temperror/);
    expect(r.stdout).toMatch(/ENETUNREACH from 192\.0\.2\.53:53 \(\d attempts?\): the DNS server could not be reached: the network is unreachable/);
    expect(r.stdout + r.stderr).not.toMatch(/ERR_SOCKET_BAD_PORT|Received function/);
  });
});
