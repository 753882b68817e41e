// Adversarial audit of the SMTP checks: scripted raw SMTP servers on loopback (misconfigured, hostile, slow), each
// world judged against the contract (CHECKS.md statuses), within its timeouts, and never a DATA command received.
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckInput, Finding, Status } from '../../src/engine/types.js';
import { createSmtpClient } from '../../src/smtp/client.js';
import { runProbe } from '../../src/smtp/probe.js';
import type { SmtpConnectHook, SmtpEndpoint } from '../../src/smtp/types.js';
import { createTestPki, type ServedCertificate, type TestPki } from '../../src/testbed/certs.js';
import type { Zone } from '../../src/testbed/dns-server.js';
import { startDnsServer, type DnsTestServer } from '../../src/testbed/dns-server.js';
import { CommandLog } from '../../src/testbed/smtp-common.js';
import { runCli } from '../helpers/cli.js';
import { runWorld, type WorldRun } from '../helpers/run-world.js';
import { closedPort, DEFAULT_ZONE, DOMAIN, MAILBOX, MS_IP, MS_MX, SMART_HOST } from '../helpers/smtp-world.js';

// --- a scriptable raw SMTP server ------------------------------------------------------------------

interface Io {
  /** Writes whole lines (CRLF added). */
  send(...lines: string[]): void;
  /** Writes bytes as they are. */
  raw(text: string): void;
  /** Ends the connection (FIN). */
  end(): void;
  /** Destroys the connection (RST-ish). */
  destroy(): void;
  /** Whether this session is inside TLS. */
  readonly secure: boolean;
  /** Timers set through here are cleared when the server closes. */
  later(ms: number, fn: () => void): void;
}

type Answer = 'default' | 'handled';

interface Script {
  /** Certificate for STARTTLS (absent: STARTTLS not advertised). */
  cert?: ServedCertificate;
  tlsOptions?: tls.TlsOptions;
  /** Whether EHLO advertises STARTTLS (default: when `cert` is given). */
  advertiseStartTls?: boolean;
  /** Instead of the plain `220` greeting. */
  greet?(io: Io): void;
  /** Sees each command first; `handled` means it answered (or chose not to). */
  on?(verb: string, line: string, io: Io): Answer;
}

interface Scripted {
  port: number;
  log: CommandLog;
  close(): Promise<void>;
}

async function startScripted(script: Script): Promise<Scripted> {
  const log = new CommandLog();
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const server = net.createServer((plain) => {
    log.connections += 1;
    sockets.add(plain);
    plain.on('error', () => undefined);
    plain.on('close', () => sockets.delete(plain));
    let socket: net.Socket = plain;
    let secure = false;
    const io: Io = {
      send: (...lines) => {
        if (!socket.destroyed) socket.write(lines.map((l) => `${l}\r\n`).join(''));
      },
      raw: (text) => {
        if (!socket.destroyed) socket.write(text);
      },
      end: () => socket.end(),
      destroy: () => socket.destroy(),
      get secure() {
        return secure;
      },
      later: (ms, fn) => {
        const t = setTimeout(() => {
          timers.delete(t);
          fn();
        }, ms);
        timers.add(t);
      },
    };
    let buffer = '';
    const onData = (chunk: Buffer): void => {
      buffer += chunk.toString('latin1');
      let index: number;
      while ((index = buffer.indexOf('\n')) !== -1) {
        const line = buffer.slice(0, index).replace(/\r$/, '');
        buffer = buffer.slice(index + 1);
        log.record(line);
        const verb = line.split(' ')[0]?.toUpperCase() ?? '';
        if (script.on?.(verb, line, io) === 'handled') continue;
        switch (verb) {
          case 'EHLO': {
            const offer = (script.advertiseStartTls ?? !!script.cert) && !secure;
            io.send('250-mail.example.test Hello', '250-SIZE 52428800', '250-8BITMIME', ...(offer ? ['250-STARTTLS'] : []), '250 HELP');
            break;
          }
          case 'HELO':
            io.send('250 mail.example.test');
            break;
          case 'STARTTLS': {
            if (!script.cert) {
              io.send('502 5.5.1 Not implemented');
              break;
            }
            io.send('220 2.0.0 Ready to start TLS');
            plain.off('data', onData);
            buffer = '';
            const tlsSocket = new tls.TLSSocket(plain, {
              isServer: true,
              key: script.cert.key,
              cert: script.cert.cert,
              ...(script.tlsOptions ?? {}),
            });
            tlsSocket.on('error', () => undefined);
            socket = tlsSocket;
            secure = true;
            tlsSocket.on('data', onData);
            break;
          }
          case 'MAIL':
            io.send('250 2.1.0 OK');
            break;
          case 'RCPT':
            io.send('250 2.1.5 OK');
            break;
          case 'RSET':
          case 'NOOP':
            io.send('250 2.0.0 OK');
            break;
          case 'DATA':
            io.send('354 go ahead');
            break;
          case 'QUIT':
            io.send('221 2.0.0 Bye');
            io.end();
            break;
          default:
            io.send('500 5.5.1 Unrecognized command');
        }
      }
    };
    plain.on('data', onData);
    if (script.greet) script.greet(io);
    else io.send('220 mail.example.test ESMTP Exim 4.96');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A Microsoft 365 edge imitation: greets like Exchange Online, answers RCPT with `rcpt`. */
function edge(rcpt: string): Script {
  return {
    greet: (io) => io.send(`220 ${MS_MX} Microsoft ESMTP MAIL Service ready at Mon, 1 Jan 2024 00:00:00 +0000`),
    on: (verb, _line, io) => {
      if (verb === 'EHLO') {
        io.send(`250-${MS_MX} Hello [192.0.2.1]`, '250-SIZE 157286400', '250-PIPELINING', '250-STARTTLS', '250-8BITMIME', '250 SMTPUTF8');
        return 'handled';
      }
      if (verb === 'RCPT') {
        io.send(rcpt);
        return 'handled';
      }
      return 'default';
    },
  };
}
const INTERNAL_RELAY = edge('250 2.1.5 Recipient OK');
const AUTHORITATIVE = edge('550 5.4.1 Recipient address rejected: Access denied. For more information see https://aka.ms/EXOSmtpErrors [AS(201806281)]');

// --- running a world -------------------------------------------------------------------------------

const IDS = [
  'smarthost.resolves',
  'smarthost.loop',
  'smarthost.smtp',
  'smarthost.tls',
  'smarthost.certificate',
  'smarthost.accepts-mailbox',
  'm365.internal-relay',
] as const;
type Id = (typeof IDS)[number];

interface AuditWorld {
  /** What listens at `host:port`; `closed` refuses, `blackhole` never answers the connection. */
  servers: Record<string, Script | 'closed' | 'blackhole'>;
  input?: CheckInput;
  zone?: Zone;
  timeoutMs?: number;
  trustCa?: boolean;
}

interface AuditRun extends WorldRun {
  logs: Record<string, CommandLog>;
  statuses: Record<Id, Status | undefined>;
}

let pki: TestPki;

async function audit(world: AuditWorld): Promise<AuditRun> {
  const running: Array<{ key: string; server: Scripted }> = [];
  const routes = new Map<string, SmtpEndpoint | 'blackhole'>();
  const refused = await closedPort();
  try {
    for (const [key, spec] of Object.entries(world.servers)) {
      if (spec === 'blackhole') routes.set(key, 'blackhole');
      else if (spec === 'closed') routes.set(key, { host: '127.0.0.1', port: refused });
      else {
        const server = await startScripted(spec);
        running.push({ key, server });
        routes.set(key, { host: '127.0.0.1', port: server.port });
      }
    }
    const connect: SmtpConnectHook = (target) => {
      const route = routes.get(`${target.address ?? ''}:${target.port}`) ?? routes.get(`${target.host.toLowerCase()}:${target.port}`);
      if (route === 'blackhole') return new Promise<never>(() => undefined);
      return route ?? { host: '127.0.0.1', port: refused };
    };
    const client = createSmtpClient({
      timeoutMs: world.timeoutMs ?? 1000,
      connect,
      ...(world.trustCa === false ? {} : { extraCa: [pki.ca.cert] }),
    });
    const run = await runWorld(DOMAIN, { zone: { ...DEFAULT_ZONE, ...(world.zone ?? {}) } }, {
      input: { probeLocalPart: 'splitcheck-probe-0123456789', ...(world.input ?? {}) },
      smtp: client,
    });
    const statuses = Object.fromEntries(IDS.map((id) => [id, run.byId[id]?.status])) as Record<Id, Status | undefined>;
    return { ...run, statuses, logs: Object.fromEntries(running.map((r) => [r.key, r.server.log])) };
  } finally {
    await Promise.all(running.map((r) => r.server.close()));
  }
}

/** Contract-wide invariants for every world: no DATA, bounded time, every non-pass explained with a remedy. */
function invariants(run: AuditRun, budgetMs: number): void {
  for (const [key, log] of Object.entries(run.logs)) {
    expect(log.sawData, `${key} received DATA`).toBe(false);
    expect(log.commands.filter((c) => /^(AUTH|BDAT|VRFY|EXPN)\b/i.test(c)), key).toEqual([]);
  }
  expect(run.elapsedMs).toBeLessThan(budgetMs);
  for (const id of IDS) {
    const f: Finding | undefined = run.byId[id];
    expect(f, id).toBeDefined();
    if (!f) continue;
    expect(f.message, id).not.toMatch(/\{[a-zA-Z]+\}|undefined|\[object Object\]|\n\s+at /);
    if (f.status === 'warn' || f.status === 'fail' || f.status === 'error') {
      expect(f.remedy, `${id} remedy`).toBeTruthy();
      expect(f.remedy, id).not.toMatch(/\{[a-zA-Z]+\}|undefined/);
    }
  }
}

const SH = `${SMART_HOST}:25`;
const MX = `${MS_MX}:25`;
const withMailbox = { mailboxes: [MAILBOX] };

beforeAll(async () => {
  pki = await createTestPki({ hostname: SMART_HOST, wrongName: 'server.hosting.test' });
});

/** A smart host that behaves like a correct Exim except where `on` says otherwise. */
function exim(on?: Script['on'], extra: Partial<Script> = {}): Script {
  return { cert: pki.leaves.good, ...(on ? { on } : {}), ...extra };
}


interface Case {
  name: string;
  world: () => AuditWorld;
  expect: Partial<Record<Id, Status>>;
  /** Patterns the message of a check must match. */
  messages?: Partial<Record<Id, RegExp>>;
  /** Wall-clock budget for the whole run, ms (default 5000). */
  budgetMs?: number;
}

const reply = (text: string) => (io: Io) => io.send(text);
const at = (verb: string, answer: (io: Io, line: string) => void): Script['on'] => (v, line, io) => {
  if (v !== verb) return 'default';
  answer(io, line);
  return 'handled';
};

const CASES: Case[] = [
  {
    name: 'greeting 554: refused this prober, could not test',
    world: () => ({ servers: { [SH]: exim(undefined, { greet: reply('554 5.7.1 mail.example.test ESMTP not accepting messages') }), [MX]: INTERNAL_RELAY }, input: withMailbox }),
    expect: { 'smarthost.smtp': 'error', 'smarthost.tls': 'skip', 'smarthost.certificate': 'skip', 'smarthost.accepts-mailbox': 'skip', 'm365.internal-relay': 'pass' },
  },
  {
    name: 'greeting 421 then close',
    world: () => ({ servers: { [SH]: exim(undefined, { greet: (io) => { io.send('421 4.3.2 Service shutting down'); io.end(); } }), [MX]: INTERNAL_RELAY }, input: withMailbox }),
    expect: { 'smarthost.smtp': 'error', 'smarthost.tls': 'skip', 'smarthost.accepts-mailbox': 'skip' },
  },
  {
    name: 'multiline 220- greeting split across packets',
    world: () => ({
      servers: {
        [SH]: exim(undefined, {
          greet: (io) => {
            io.raw('220-mail.example.test ESMTP\r\n22');
            io.later(50, () => io.raw('0-Welcome, no UCE\r'));
            io.later(100, () => io.raw('\n220 ready\r\n'));
          },
        }),
        [MX]: INTERNAL_RELAY,
      },
      input: withMailbox,
    }),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.tls': 'pass', 'smarthost.certificate': 'pass', 'smarthost.accepts-mailbox': 'pass' },
  },
  {
    name: 'EHLO refused (502), HELO works',
    world: () => ({ servers: { [SH]: exim(at('EHLO', (io) => io.send('502 5.5.2 Command not recognized'))), [MX]: INTERNAL_RELAY }, input: withMailbox }),
    expect: { 'smarthost.smtp': 'warn', 'smarthost.tls': 'fail', 'smarthost.certificate': 'skip', 'smarthost.accepts-mailbox': 'pass' },
  },
  {
    name: 'EHLO answered 421 and closed',
    world: () => ({ servers: { [SH]: exim(at('EHLO', (io) => { io.send('421 4.7.0 Too many connections'); io.end(); })), [MX]: INTERNAL_RELAY }, input: withMailbox }),
    expect: { 'smarthost.smtp': 'error', 'smarthost.tls': 'skip', 'smarthost.accepts-mailbox': 'skip' },
  },
  {
    name: 'no STARTTLS advertised',
    world: () => ({ servers: { [SH]: { }, [MX]: INTERNAL_RELAY }, input: withMailbox }),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.tls': 'fail', 'smarthost.certificate': 'skip', 'smarthost.accepts-mailbox': 'pass' },
  },
  {
    name: 'STARTTLS advertised, answered 454: plaintext goes on, RCPT still judged',
    world: () => ({ servers: { [SH]: exim(at('STARTTLS', (io) => io.send('454 4.7.0 TLS not available due to local problem'))), [MX]: INTERNAL_RELAY }, input: withMailbox }),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.tls': 'fail', 'smarthost.certificate': 'skip', 'smarthost.accepts-mailbox': 'pass' },
  },
  {
    name: 'STARTTLS 220, then the server never speaks TLS (handshake timeout): could not verify',
    world: () => {
      // After its 220 the server swallows the ClientHello and everything else: the handshake never completes.
      let muted = false;
      const on: Script['on'] = (verb, _line, io) => {
        if (muted) return 'handled';
        if (verb !== 'STARTTLS') return 'default';
        io.send('220 2.0.0 go ahead');
        muted = true;
        return 'handled';
      };
      return { servers: { [SH]: exim(on), [MX]: INTERNAL_RELAY }, input: withMailbox, timeoutMs: 400 };
    },
    expect: { 'smarthost.smtp': 'pass', 'smarthost.tls': 'error', 'smarthost.certificate': 'skip' },
  },
  {
    name: 'STARTTLS never answered (timeout): could not verify',
    world: () => ({ servers: { [SH]: exim(at('STARTTLS', () => undefined)), [MX]: INTERNAL_RELAY }, input: withMailbox, timeoutMs: 400 }),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.tls': 'error' },
  },
  {
    name: 'TLS up, EHLO inside TLS never answered (timeout): could not verify',
    world: () => ({ servers: { [SH]: exim((v, _l, io) => (v === 'EHLO' && io.secure ? 'handled' : 'default')), [MX]: INTERNAL_RELAY }, input: withMailbox, timeoutMs: 400 }),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.tls': 'error' },
  },
  {
    name: 'TLS 1.0/1.1 only',
    world: () => ({ servers: { [SH]: exim(undefined, { tlsOptions: { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' } }), [MX]: INTERNAL_RELAY }, input: withMailbox }),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.tls': 'fail', 'smarthost.certificate': 'skip' },
  },
  {
    name: 'self-signed certificate',
    world: () => ({ servers: { [SH]: exim(undefined, { cert: pki.leaves.selfSigned }), [MX]: INTERNAL_RELAY }, input: withMailbox }),
    expect: { 'smarthost.tls': 'pass', 'smarthost.certificate': 'fail', 'smarthost.accepts-mailbox': 'pass' },
    messages: { 'smarthost.certificate': /self-signed/ },
  },
  {
    name: 'expired certificate',
    world: () => ({ servers: { [SH]: exim(undefined, { cert: pki.leaves.expired }), [MX]: INTERNAL_RELAY }, input: withMailbox }),
    expect: { 'smarthost.tls': 'pass', 'smarthost.certificate': 'fail' },
    messages: { 'smarthost.certificate': /expired/ },
  },
  {
    name: 'certificate expiring in 5 days',
    world: () => ({ servers: { [SH]: exim(undefined, { cert: pki.leaves.expiringSoon }), [MX]: INTERNAL_RELAY }, input: withMailbox }),
    expect: { 'smarthost.certificate': 'warn' },
  },
  {
    name: 'certificate for another name',
    world: () => ({ servers: { [SH]: exim(undefined, { cert: pki.leaves.wrongName }), [MX]: INTERNAL_RELAY }, input: withMailbox }),
    expect: { 'smarthost.certificate': 'fail' },
    messages: { 'smarthost.certificate': /4\.7\.320/ },
  },
  {
    name: 'missing intermediate',
    world: () => ({ servers: { [SH]: exim(undefined, { cert: pki.leaves.leafOnly }), [MX]: INTERNAL_RELAY }, input: withMailbox }),
    expect: { 'smarthost.certificate': 'fail' },
    messages: { 'smarthost.certificate': /4\.4\.317/ },
  },
  {
    name: 'certificate for the --tls-name',
    world: () => ({ servers: { [SH]: exim(undefined, { cert: pki.leaves.wrongName }), [MX]: INTERNAL_RELAY }, input: { ...withMailbox, tlsName: 'server.hosting.test' } }),
    expect: { 'smarthost.certificate': 'pass' },
  },
  {
    name: 'AUTH demanded at MAIL (530 5.7.0)',
    world: () => ({ servers: { [SH]: exim(at('MAIL', (io) => io.send('530 5.7.0 Authentication required'))), [MX]: INTERNAL_RELAY }, input: withMailbox }),
    expect: { 'smarthost.smtp': 'fail', 'smarthost.accepts-mailbox': 'skip' },
  },
  {
    name: 'RCPT 550 relay not permitted (cPanel Remote routing)',
    world: () => ({ servers: { [SH]: exim(at('RCPT', (io) => io.send('550 relay not permitted'))), [MX]: INTERNAL_RELAY }, input: withMailbox }),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.accepts-mailbox': 'fail' },
    messages: { 'smarthost.accepts-mailbox': /relaying.*Remote Mail Exchanger/ },
  },
  {
    name: 'RCPT 550 5.7.1 Exim relay wording mentioning authentication',
    world: () => ({ servers: { [SH]: exim(at('RCPT', (io, l) => io.send(`550 5.7.1 ${l.slice(8)} is not permitted to relay through this server without authentication.`))), [MX]: INTERNAL_RELAY }, input: withMailbox }),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.accepts-mailbox': 'fail' },
    messages: { 'smarthost.accepts-mailbox': /Local Mail Exchanger|Remote Mail Exchanger/ },
  },
  {
    name: 'RCPT 550 5.1.1 unknown user',
    world: () => ({ servers: { [SH]: exim(at('RCPT', (io) => io.send('550 5.1.1 <anna@example.test>: No Such User Here'))), [MX]: INTERNAL_RELAY }, input: withMailbox }),
    expect: { 'smarthost.accepts-mailbox': 'fail' },
    messages: { 'smarthost.accepts-mailbox': /does not exist/ },
  },
  {
    name: 'RCPT 450 greylisting',
    world: () => ({ servers: { [SH]: exim(at('RCPT', (io) => io.send('450 4.2.0 Greylisted, see http://postgrey.schweikert.ch/'))), [MX]: INTERNAL_RELAY }, input: withMailbox }),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.accepts-mailbox': 'error' },
  },
  {
    name: 'RCPT 451 greylisting',
    world: () => ({ servers: { [SH]: exim(at('RCPT', (io) => io.send('451 4.7.1 Please try again later'))), [MX]: INTERNAL_RELAY }, input: withMailbox }),
    expect: { 'smarthost.accepts-mailbox': 'error' },
  },
  {
    name: 'RCPT 252 (cannot verify, will accept)',
    world: () => ({ servers: { [SH]: exim(at('RCPT', (io) => io.send('252 2.1.5 Cannot VRFY user, but will accept message'))), [MX]: INTERNAL_RELAY }, input: withMailbox }),
    expect: { 'smarthost.accepts-mailbox': 'pass' },
  },
  {
    name: 'MAIL FROM:<> refused (null sender rejected): could not ask',
    world: () => ({ servers: { [SH]: exim(at('MAIL', (io) => io.send('550 5.7.1 Null sender is not allowed'))), [MX]: INTERNAL_RELAY }, input: withMailbox }),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.accepts-mailbox': 'error' },
  },
  {
    name: 'MAIL FROM:<> greylisted (451): could not ask, and not blamed on the null sender',
    world: () => ({ servers: { [SH]: exim(at('MAIL', (io) => io.send('451 4.7.1 Greylisted, try again in 5 minutes'))), [MX]: INTERNAL_RELAY }, input: withMailbox }),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.accepts-mailbox': 'error' },
    messages: { 'smarthost.accepts-mailbox': /temporary/ },
  },
  {
    name: 'server answers RCPT 250 and closes',
    world: () => ({ servers: { [SH]: exim(at('RCPT', (io) => { io.send('250 2.1.5 OK'); io.end(); })), [MX]: INTERNAL_RELAY }, input: withMailbox }),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.accepts-mailbox': 'pass' },
  },
  {
    name: 'server closes at RCPT without answering',
    world: () => ({ servers: { [SH]: exim(at('RCPT', (io) => io.end())), [MX]: INTERNAL_RELAY }, input: withMailbox }),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.accepts-mailbox': 'error' },
  },
  {
    name: 'server never answers RCPT: error within the timeout',
    world: () => ({ servers: { [SH]: exim(at('RCPT', () => undefined)), [MX]: INTERNAL_RELAY }, input: withMailbox, timeoutMs: 400 }),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.accepts-mailbox': 'error' },
    budgetMs: 3000,
  },
  {
    name: 'greeting dripped one byte per 100 ms: error within the timeout',
    world: () => ({
      servers: {
        [SH]: exim(undefined, {
          greet: (io) => {
            const text = '220 mail.example.test ESMTP Exim 4.96 ready for you, slowly, one byte at a time\r\n';
            let i = 0;
            const tick = (): void => {
              if (i >= text.length) return;
              io.raw(text[i++] ?? '');
              io.later(100, tick);
            };
            tick();
          },
        }),
        [MX]: INTERNAL_RELAY,
      },
      input: withMailbox,
      timeoutMs: 400,
    }),
    expect: { 'smarthost.smtp': 'error', 'smarthost.tls': 'skip', 'smarthost.accepts-mailbox': 'skip' },
    budgetMs: 3000,
  },
  {
    name: 'every reply dripped one byte per 30 ms under the step timeout: ends by the overall deadline',
    world: () => {
      const drip = (io: Io, text: string): void => {
        let i = 0;
        const tick = (): void => {
          if (i >= text.length) return;
          io.raw(text[i++] ?? '');
          io.later(30, tick);
        };
        tick();
      };
      return {
        servers: {
          [SH]: {
            greet: (io) => drip(io, '220 mail.example.test ok\r\n'),
            on: (verb, _l, io) => {
              drip(io, verb === 'EHLO' ? '250-mail.example.test\r\n250 SIZE 1000\r\n' : verb === 'QUIT' ? '221 bye\r\n' : '250 2.0.0 OK dripping slowly\r\n');
              return 'handled';
            },
          },
          [MX]: INTERNAL_RELAY,
        },
        input: { mailboxes: [MAILBOX, 'b@example.test', 'c@example.test', 'd@example.test'] },
        timeoutMs: 1500,
      };
    },
    expect: { 'm365.internal-relay': 'pass' },
    budgetMs: 9000,
  },
  {
    name: '1 MB line as the EHLO reply: not an SMTP server',
    world: () => ({ servers: { [SH]: exim(at('EHLO', (io) => io.raw(`250-${'x'.repeat(1 << 20)}\r\n250 OK\r\n`))), [MX]: INTERNAL_RELAY }, input: withMailbox }),
    expect: { 'smarthost.smtp': 'fail', 'smarthost.tls': 'skip' },
  },
  {
    name: 'huge multiline RCPT reply (5000 lines)',
    world: () => ({ servers: { [SH]: exim(at('RCPT', (io) => io.raw(`${'250-ok\r\n'.repeat(5000)}250 OK\r\n`))), [MX]: INTERNAL_RELAY }, input: withMailbox }),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.accepts-mailbox': 'error' },
  },
  {
    name: 'Microsoft edge: 550 5.4.1 at RCPT',
    world: () => ({ servers: { [SH]: exim(), [MX]: AUTHORITATIVE }, input: withMailbox }),
    expect: { 'm365.internal-relay': 'fail', 'smarthost.accepts-mailbox': 'pass' },
    messages: { 'm365.internal-relay': /is an Authoritative accepted domain/ },
  },
  {
    name: 'Microsoft edge: 550 5.4.1 Relay Access Denied ATTR35 (domain in no tenant): fail, not called Authoritative',
    world: () => ({
      servers: { [SH]: exim(), [MX]: edge('550 5.4.1 Relay Access Denied ATTR35 [BN1NAM02FT003.eop-nam02.prod.protection.outlook.com]') },
      input: withMailbox,
    }),
    expect: { 'm365.internal-relay': 'fail' },
    messages: { 'm365.internal-relay': /no Microsoft 365 tenant has example\.test as an accepted domain/ },
  },
  {
    name: 'Microsoft edge: 250 at RCPT',
    world: () => ({ servers: { [SH]: exim(), [MX]: INTERNAL_RELAY }, input: withMailbox }),
    expect: { 'm365.internal-relay': 'pass' },
  },
  {
    name: 'Microsoft edge never answers RCPT',
    world: () => ({ servers: { [SH]: exim(), [MX]: { ...INTERNAL_RELAY, on: at('RCPT', () => undefined) } }, input: withMailbox, timeoutMs: 400 }),
    expect: { 'm365.internal-relay': 'error' },
    budgetMs: 3000,
  },
  {
    name: 'Microsoft edge greylists (451 4.7.500)',
    world: () => ({ servers: { [SH]: exim(), [MX]: edge('451 4.7.500 Server busy. Please try again later from [192.0.2.1]. (S77719)') }, input: withMailbox }),
    expect: { 'm365.internal-relay': 'error' },
  },
  {
    name: 'smart host resolves to the Microsoft MX address: loop, the others skip',
    world: () => ({ servers: { [SH]: exim(), [MX]: INTERNAL_RELAY, [`${MS_IP}:25`]: INTERNAL_RELAY }, zone: { [SMART_HOST]: [{ A: MS_IP }] }, input: { ...withMailbox, smartHost: { host: SMART_HOST, port: 25 } } }),
    expect: { 'smarthost.loop': 'fail', 'smarthost.smtp': 'skip', 'smarthost.tls': 'skip', 'smarthost.certificate': 'skip', 'smarthost.accepts-mailbox': 'skip' },
  },
  {
    name: "smart host inside Microsoft's ranges: loop, and the SMTP checks do not judge Microsoft as the hosting server",
    world: () => ({
      servers: { [SH]: exim(undefined, { cert: pki.leaves.wrongName }), [MX]: INTERNAL_RELAY },
      zone: { [SMART_HOST]: [{ A: '40.92.1.1' }], 'spf.protection.outlook.com': [{ TXT: 'v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 -all' }] },
      input: { ...withMailbox, smartHost: { host: SMART_HOST, port: 25 } },
    }),
    expect: { 'smarthost.loop': 'fail', 'smarthost.smtp': 'skip', 'smarthost.tls': 'skip', 'smarthost.certificate': 'skip', 'smarthost.accepts-mailbox': 'skip' },
  },
  {
    name: 'RCPT reply whose lines disagree (250- then 550): not read as acceptance',
    world: () => ({ servers: { [SH]: exim(at('RCPT', (io) => io.send('250-2.1.5 looks fine', '550 5.1.1 No Such User Here'))), [MX]: INTERNAL_RELAY }, input: withMailbox }),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.accepts-mailbox': 'error' },
  },
  {
    name: 'RCPT reply that is not SMTP (2500 OK)',
    world: () => ({ servers: { [SH]: exim(at('RCPT', (io) => io.send('2500 OK'))), [MX]: INTERNAL_RELAY }, input: withMailbox }),
    expect: { 'smarthost.accepts-mailbox': 'error' },
  },
  {
    name: 'Microsoft edge RCPT reply whose lines disagree (250- then 550 5.4.1)',
    world: () => ({ servers: { [SH]: exim(), [MX]: edge('250-2.1.5 ok\r\n550 5.4.1 Recipient address rejected: Access denied') }, input: withMailbox }),
    expect: { 'm365.internal-relay': 'error' },
  },
  {
    name: 'EHLO answered 451 (temporary), HELO works: not a verdict on EHLO or TLS',
    world: () => ({ servers: { [SH]: exim(at('EHLO', (io) => io.send('451 4.3.0 Temporary local problem, try later'))), [MX]: INTERNAL_RELAY }, input: withMailbox }),
    expect: { 'smarthost.smtp': 'error', 'smarthost.tls': 'error' },
  },
  {
    // Two complete greetings: the second would be read as the EHLO reply, every later answer one step behind.
    name: 'two 220 greeting lines (a banner with "220 " on each line): replies out of step, not a working server',
    world: () => ({ servers: { [SH]: exim(undefined, { greet: (io) => io.send('220 mail.example.test ESMTP', '220 mail.example.test again') }), [MX]: INTERNAL_RELAY }, input: withMailbox }),
    expect: { 'smarthost.smtp': 'fail', 'smarthost.tls': 'skip', 'smarthost.accepts-mailbox': 'skip', 'm365.internal-relay': 'pass' },
    messages: { 'smarthost.smtp': /EPROTOCOL/ },
  },
  {
    // A stray extra line after the MAIL reply would be taken as the RCPT verdict (250) while the real one is 550.
    name: 'a stray 250 after the MAIL reply, the real RCPT answer 550: never read as acceptance',
    world: () => ({
      servers: {
        [SH]: exim((verb, _l, io) => {
          if (verb === 'MAIL') io.send('250 2.1.0 OK', '250 2.0.0 stray');
          else if (verb === 'RCPT') io.send('550 5.1.1 No Such User Here');
          else return 'default';
          return 'handled';
        }),
        [MX]: INTERNAL_RELAY,
      },
      input: withMailbox,
    }),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.accepts-mailbox': 'error' },
  },
  {
    name: 'Microsoft edge: a stray 250 after the MAIL reply, the real RCPT answer 550 5.4.1: never read as Internal Relay',
    world: () => ({
      servers: {
        [SH]: exim(),
        [MX]: {
          ...AUTHORITATIVE,
          on: (verb, line, io) => {
            if (verb === 'MAIL') {
              io.send('250 2.1.0 Sender OK', '250 2.0.0 stray');
              return 'handled';
            }
            return AUTHORITATIVE.on?.(verb, line, io) ?? 'default';
          },
        },
      },
      input: withMailbox,
    }),
    expect: { 'm365.internal-relay': 'error' },
  },
  {
    name: 'MAIL FROM:<> answered 550 relay not permitted (submission-like, no AUTH offered)',
    world: () => ({ servers: { [SH]: exim(at('MAIL', (io) => io.send('550 5.7.1 relay not permitted'))), [MX]: INTERNAL_RELAY }, input: withMailbox }),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.accepts-mailbox': 'error' },
  },
  {
    name: 'RCPT 530 5.7.0 Authentication required (AUTH asked only at RCPT)',
    world: () => ({ servers: { [SH]: exim(at('RCPT', (io) => io.send('530 5.7.0 Authentication required'))), [MX]: INTERNAL_RELAY }, input: withMailbox }),
    expect: { 'smarthost.smtp': 'fail', 'smarthost.accepts-mailbox': 'fail' },
  },
  {
    name: 'STARTTLS 454, then MAIL demands STARTTLS first',
    world: () => ({
      servers: {
        [SH]: exim((verb, _l, io) => {
          if (verb === 'STARTTLS') io.send('454 4.7.0 TLS not available');
          else if (verb === 'MAIL') io.send('530 5.7.0 Must issue a STARTTLS command first');
          else return 'default';
          return 'handled';
        }),
        [MX]: INTERNAL_RELAY,
      },
      input: withMailbox,
    }),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.tls': 'fail', 'smarthost.accepts-mailbox': 'error' },
  },
  {
    name: 'server resets the connection at EHLO',
    world: () => ({ servers: { [SH]: exim(at('EHLO', (io) => io.destroy())), [MX]: INTERNAL_RELAY }, input: withMailbox }),
    expect: { 'smarthost.smtp': 'error', 'smarthost.accepts-mailbox': 'skip' },
  },
  {
    name: 'QUIT never answered: the facts stand, the run ends in time',
    world: () => ({ servers: { [SH]: exim(at('QUIT', () => undefined)), [MX]: INTERNAL_RELAY }, input: withMailbox, timeoutMs: 400 }),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.tls': 'pass', 'smarthost.certificate': 'pass', 'smarthost.accepts-mailbox': 'pass' },
    budgetMs: 3000,
  },
  {
    name: 'STARTTLS answered 250 (not 220) by a server that then speaks plaintext',
    world: () => ({ servers: { [SH]: exim(at('STARTTLS', (io) => io.send('250 OK'))), [MX]: INTERNAL_RELAY }, input: withMailbox }),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.tls': 'fail', 'smarthost.certificate': 'skip' },
  },
];

describe('audit: scripted SMTP worlds get the contract statuses', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const run = await audit(c.world());
        const got = Object.fromEntries(Object.keys(c.expect).map((id) => [id, run.statuses[id as Id]]));
      const said = Object.fromEntries(Object.keys(c.expect).map((id) => [id, run.byId[id]?.message]));
      expect(got, JSON.stringify(said)).toEqual(c.expect);
      for (const [id, pattern] of Object.entries(c.messages ?? {})) expect(run.byId[id]?.message, id).toMatch(pattern);
      invariants(run, c.budgetMs ?? 5000);
    });
  }
});

// --- the probe itself ------------------------------------------------------------------------------

describe('audit: the probe keeps replies in step with its commands', () => {
  it('a stray reply already waiting when a command is due: EPROTOCOL before writing it, nothing judged out of step', async () => {
    const server = await startScripted({
      on: (verb, _l, io) => {
        if (verb === 'MAIL') io.send('250 2.1.0 OK', '250 2.0.0 stray');
        else if (verb === 'RCPT') io.send('550 5.1.1 No Such User Here');
        else return 'default';
        return 'handled';
      },
    });
    try {
      const result = await runProbe({ host: SMART_HOST, recipients: [MAILBOX], timeoutMs: 1000, connect: () => ({ host: '127.0.0.1', port: server.port }) });
      expect(result.error).toMatchObject({ code: 'EPROTOCOL' });
      expect(result.mailFrom?.code).toBe(250);
      expect(result.rcpt).toEqual([]);
      expect(server.log.commands.some((c) => /^RCPT/i.test(c))).toBe(false);
      expect(server.log.sawData).toBe(false);
    } finally {
      await server.close();
    }
  });

  it('a well-behaved multiline dialogue is not mistaken for out-of-turn bytes', async () => {
    const server = await startScripted({
      greet: (io) => io.send('220-mail.example.test ESMTP', '220-second line', '220 ready'),
      on: at('RCPT', (io) => io.send('250-2.1.5 first', '250 2.1.5 OK')),
    });
    try {
      const result = await runProbe({ host: SMART_HOST, recipients: [MAILBOX, 'b@example.test'], timeoutMs: 1000, connect: () => ({ host: '127.0.0.1', port: server.port }) });
      expect(result.error).toBeUndefined();
      expect(result.rcpt.map((r) => r.reply.code)).toEqual([250, 250]);
      expect(result.quit?.code).toBe(221);
    } finally {
      await server.close();
    }
  });
});

// --- through the built bin: JSON on stdout, exit codes, no stack trace, in time ------------------------

describe('audit: hostile servers through the bin (SPLITCHECK_TEST_SMTP_ROUTES)', () => {
  let dns: DnsTestServer;
  let caFile: string;
  beforeAll(async () => {
    dns = await startDnsServer({ zone: DEFAULT_ZONE });
    caFile = join(mkdtempSync(join(tmpdir(), 'splitcheck-audit-')), 'ca.pem');
    writeFileSync(caFile, pki.ca.cert);
  });
  afterAll(async () => {
    await dns.close();
  });

  async function cli(smartHost: Script, microsoft: Script, timeoutMs: number) {
    const sh = await startScripted(smartHost);
    const mx = await startScripted(microsoft);
    try {
      const env = { SPLITCHECK_TEST_SMTP_ROUTES: JSON.stringify({ [SH]: `127.0.0.1:${sh.port}`, [MX]: `127.0.0.1:${mx.port}` }) };
      const args = [DOMAIN, '--resolver', `127.0.0.1:${dns.address.port}`, '--only', 'smarthost', '--only', 'm365', '--json'];
      const r = await runCli([...args, '--timeout', String(timeoutMs), '--mailbox', MAILBOX, '--ca-file', caFile], { env });
      expect(sh.log.sawData).toBe(false);
      expect(mx.log.sawData).toBe(false);
      // Nothing but progress on stderr: never a stack trace.
      expect(r.stderr).not.toMatch(/\n\s+at |Error:|Unhandled|TypeError/);
      const report = JSON.parse(r.stdout) as { exitCode: number; results: Finding[] };
      const statuses = Object.fromEntries(report.results.map((f) => [f.id, f.status]));
      return { ...r, report, statuses };
    } finally {
      await Promise.all([sh.close(), mx.close()]);
    }
  }

  it('an Authoritative edge hidden behind a stray reply line: error (exit 3), never a pass', async () => {
    const stray: Script = {
      ...AUTHORITATIVE,
      on: (verb, line, io) => {
        if (verb !== 'MAIL') return AUTHORITATIVE.on?.(verb, line, io) ?? 'default';
        io.send('250 2.1.0 Sender OK', '250 2.0.0 stray');
        return 'handled';
      },
    };
    const r = await cli(exim(), stray, 1500);
    expect(r.statuses['m365.internal-relay']).toBe('error');
    expect(r.statuses['smarthost.accepts-mailbox']).toBe('pass');
    expect(r.code).toBe(3);
    expect(r.report.exitCode).toBe(3);
  });

  it('a TLS handshake that never completes and a silent RCPT: errors, exit 3, within the timeouts', async () => {
    let muted = false;
    const smartHost = exim((verb, _l, io) => {
      if (muted) return 'handled';
      if (verb !== 'STARTTLS') return 'default';
      io.send('220 2.0.0 go ahead');
      muted = true;
      return 'handled';
    });
    const r = await cli(smartHost, { ...INTERNAL_RELAY, on: at('RCPT', () => undefined) }, 600);
    expect(r.statuses).toMatchObject({
      'smarthost.smtp': 'pass',
      'smarthost.tls': 'error',
      'smarthost.certificate': 'skip',
      'smarthost.accepts-mailbox': 'skip',
      'm365.internal-relay': 'error',
    });
    expect(r.code).toBe(3);
    // Each probe is bounded by 4 × --timeout (2.4 s); the two run side by side. Node start-up and DNS on top.
    expect(r.elapsedMs).toBeLessThan(8000);
  });

  it('554 greeting at the smart host and 550 5.4.1 at the edge: error and fail, exit 1', async () => {
    const r = await cli(exim(undefined, { greet: reply('554 5.7.1 No SMTP service here') }), AUTHORITATIVE, 1500);
    expect(r.statuses).toMatchObject({ 'smarthost.smtp': 'error', 'smarthost.tls': 'skip', 'm365.internal-relay': 'fail' });
    expect(r.code).toBe(1);
  });
});
