// Scripted SMTP worlds (adversarial review): raw SMTP servers on loopback (misconfigured, hostile, slow) at the smart host
// and the Microsoft MX, each judged against the contract (CHECKS.md statuses), within its timeouts, never a DATA received.
import type { CheckInput } from '../../../src/engine/types.js';
import { createTestPki } from '../../../src/testbed/certs.js';
import type { Zone } from '../../../src/testbed/dns-server.js';
import { at, reply, type Io, type Script } from '../../helpers/smtp-scripted.js';
import { DEFAULT_ZONE, DOMAIN, MAILBOX, MS_IP, MS_MX, SMART_HOST, type ServerSpec } from '../../helpers/smtp-servers.js';
import { tagged, type World } from '../../helpers/world.js';

/** The PKI the scripted smart hosts serve certificates from (made once, before the worlds are built). */
export const pki = await createTestPki({ hostname: SMART_HOST, wrongName: 'server.hosting.test' });

/** A Microsoft 365 edge imitation: greets like Exchange Online, answers RCPT with `rcpt`. */
export function edge(rcpt: string): Script {
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
export const INTERNAL_RELAY = edge('250 2.1.5 Recipient OK');
export const AUTHORITATIVE = edge('550 5.4.1 Recipient address rejected: Access denied. For more information see https://aka.ms/EXOSmtpErrors [AS(201806281)]');

export const SH = `${SMART_HOST}:25`;
export const MX = `${MS_MX}:25`;
const withMailbox = { mailboxes: [MAILBOX] };

/** A smart host that behaves like a correct Exim except where `on` says otherwise. */
export function exim(on?: Script['on'], extra: Partial<Script> = {}): Script {
  return { cert: pki.leaves.good, ...(on ? { on } : {}), ...extra };
}

interface ScriptedSetup {
  /** What listens at `host:port`; `closed` refuses, `blackhole` never answers the connection. */
  servers: Record<string, Script | 'closed' | 'blackhole'>;
  input?: CheckInput;
  zone?: Zone;
  timeoutMs?: number;
  trustCa?: boolean;
}

/** The example.test part of a scripted world: its zone, the scripts as server specs, the SMTP client's options. */
function scriptedWorld(setup: () => ScriptedSetup): Pick<World, 'domain' | 'zone' | 'input' | 'servers' | 'smtp'> {
  const s = setup();
  const servers = Object.fromEntries(
    Object.entries(s.servers).map(([key, spec]): [string, ServerSpec] => [key, spec === 'closed' || spec === 'blackhole' ? { kind: spec } : { kind: 'scripted', script: spec }]),
  );
  return {
    domain: DOMAIN,
    zone: { ...DEFAULT_ZONE, ...(s.zone ?? {}) },
    ...(s.input ? { input: s.input } : {}),
    servers,
    smtp: { ...(s.timeoutMs !== undefined ? { timeoutMs: s.timeoutMs } : {}), ...(s.trustCa !== undefined ? { trustCa: s.trustCa } : {}) },
  };
}

/** Each world's `withinMs` is its wall-clock budget (default 5000 ms). */
export const SCRIPTED_WORLDS: World[] = tagged('adversarial', [
  {
    name: 'greeting 554: refused this prober, could not test',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(undefined, { greet: reply('554 5.7.1 mail.example.test ESMTP not accepting messages') }), [MX]: INTERNAL_RELAY }, input: withMailbox })),
    expect: { 'smarthost.smtp': 'error', 'smarthost.tls': 'skip', 'smarthost.certificate': 'skip', 'smarthost.accepts-mailbox': 'skip', 'm365.internal-relay': 'pass' },
  },
  {
    name: 'greeting 421 then close',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(undefined, { greet: (io) => { io.send('421 4.3.2 Service shutting down'); io.end(); } }), [MX]: INTERNAL_RELAY }, input: withMailbox })),
    expect: { 'smarthost.smtp': 'error', 'smarthost.tls': 'skip', 'smarthost.accepts-mailbox': 'skip' },
  },
  {
    name: 'multiline 220- greeting split across packets',
    ...scriptedWorld(() => ({
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
    })),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.tls': 'pass', 'smarthost.certificate': 'pass', 'smarthost.accepts-mailbox': 'pass' },
  },
  {
    name: 'EHLO refused (502), HELO works',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(at('EHLO', (io) => io.send('502 5.5.2 Command not recognized'))), [MX]: INTERNAL_RELAY }, input: withMailbox })),
    expect: { 'smarthost.smtp': 'warn', 'smarthost.tls': 'fail', 'smarthost.certificate': 'skip', 'smarthost.accepts-mailbox': 'pass' },
  },
  {
    name: 'EHLO answered 421 and closed',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(at('EHLO', (io) => { io.send('421 4.7.0 Too many connections'); io.end(); })), [MX]: INTERNAL_RELAY }, input: withMailbox })),
    expect: { 'smarthost.smtp': 'error', 'smarthost.tls': 'skip', 'smarthost.accepts-mailbox': 'skip' },
  },
  {
    name: 'no STARTTLS advertised',
    ...scriptedWorld(() => ({ servers: { [SH]: { }, [MX]: INTERNAL_RELAY }, input: withMailbox })),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.tls': 'fail', 'smarthost.certificate': 'skip', 'smarthost.accepts-mailbox': 'pass' },
  },
  {
    name: 'STARTTLS advertised, answered 454: plaintext goes on, RCPT still judged',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(at('STARTTLS', (io) => io.send('454 4.7.0 TLS not available due to local problem'))), [MX]: INTERNAL_RELAY }, input: withMailbox })),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.tls': 'fail', 'smarthost.certificate': 'skip', 'smarthost.accepts-mailbox': 'pass' },
  },
  {
    name: 'STARTTLS 220, then the server never speaks TLS (handshake timeout): could not verify',
    ...scriptedWorld(() => {
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
    }),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.tls': 'error', 'smarthost.certificate': 'skip' },
  },
  {
    name: 'STARTTLS never answered (timeout): could not verify',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(at('STARTTLS', () => undefined)), [MX]: INTERNAL_RELAY }, input: withMailbox, timeoutMs: 400 })),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.tls': 'error' },
  },
  {
    name: 'TLS up, EHLO inside TLS never answered (timeout): could not verify',
    ...scriptedWorld(() => ({ servers: { [SH]: exim((v, _l, io) => (v === 'EHLO' && io.secure ? 'handled' : 'default')), [MX]: INTERNAL_RELAY }, input: withMailbox, timeoutMs: 400 })),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.tls': 'error' },
  },
  {
    name: 'TLS 1.0/1.1 only',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(undefined, { tlsOptions: { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' } }), [MX]: INTERNAL_RELAY }, input: withMailbox })),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.tls': 'fail', 'smarthost.certificate': 'skip' },
  },
  {
    name: 'self-signed certificate',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(undefined, { cert: pki.leaves.selfSigned }), [MX]: INTERNAL_RELAY }, input: withMailbox })),
    expect: { 'smarthost.tls': 'pass', 'smarthost.certificate': 'fail', 'smarthost.accepts-mailbox': 'pass' },
    messages: { 'smarthost.certificate': /self-signed/ },
  },
  {
    name: 'expired certificate',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(undefined, { cert: pki.leaves.expired }), [MX]: INTERNAL_RELAY }, input: withMailbox })),
    expect: { 'smarthost.tls': 'pass', 'smarthost.certificate': 'fail' },
    messages: { 'smarthost.certificate': /expired/ },
  },
  {
    name: 'certificate expiring in 5 days',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(undefined, { cert: pki.leaves.expiringSoon }), [MX]: INTERNAL_RELAY }, input: withMailbox })),
    expect: { 'smarthost.certificate': 'warn' },
  },
  {
    name: 'certificate for another name',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(undefined, { cert: pki.leaves.wrongName }), [MX]: INTERNAL_RELAY }, input: withMailbox })),
    expect: { 'smarthost.certificate': 'fail' },
    messages: { 'smarthost.certificate': /4\.7\.320/ },
  },
  {
    name: 'missing intermediate',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(undefined, { cert: pki.leaves.leafOnly }), [MX]: INTERNAL_RELAY }, input: withMailbox })),
    expect: { 'smarthost.certificate': 'fail' },
    messages: { 'smarthost.certificate': /4\.4\.317/ },
  },
  {
    name: 'certificate for the --tls-name',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(undefined, { cert: pki.leaves.wrongName }), [MX]: INTERNAL_RELAY }, input: { ...withMailbox, tlsName: 'server.hosting.test' } })),
    expect: { 'smarthost.certificate': 'pass' },
  },
  {
    name: 'AUTH demanded at MAIL (530 5.7.0)',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(at('MAIL', (io) => io.send('530 5.7.0 Authentication required'))), [MX]: INTERNAL_RELAY }, input: withMailbox })),
    expect: { 'smarthost.smtp': 'fail', 'smarthost.accepts-mailbox': 'skip' },
  },
  {
    name: 'RCPT 550 relay not permitted (cPanel Remote routing)',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(at('RCPT', (io) => io.send('550 relay not permitted'))), [MX]: INTERNAL_RELAY }, input: withMailbox })),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.accepts-mailbox': 'fail' },
    messages: { 'smarthost.accepts-mailbox': /relaying.*Remote Mail Exchanger/ },
  },
  {
    name: 'RCPT 550 5.7.1 Exim relay wording mentioning authentication',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(at('RCPT', (io, l) => io.send(`550 5.7.1 ${l.slice(8)} is not permitted to relay through this server without authentication.`))), [MX]: INTERNAL_RELAY }, input: withMailbox })),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.accepts-mailbox': 'fail' },
    messages: { 'smarthost.accepts-mailbox': /Local Mail Exchanger|Remote Mail Exchanger/ },
  },
  {
    name: 'RCPT 550 5.1.1 unknown user',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(at('RCPT', (io) => io.send('550 5.1.1 <anna@example.test>: No Such User Here'))), [MX]: INTERNAL_RELAY }, input: withMailbox })),
    expect: { 'smarthost.accepts-mailbox': 'fail' },
    messages: { 'smarthost.accepts-mailbox': /does not exist/ },
  },
  {
    name: 'RCPT 450 greylisting',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(at('RCPT', (io) => io.send('450 4.2.0 Greylisted, see http://postgrey.schweikert.ch/'))), [MX]: INTERNAL_RELAY }, input: withMailbox })),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.accepts-mailbox': 'error' },
  },
  {
    name: 'RCPT 451 greylisting',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(at('RCPT', (io) => io.send('451 4.7.1 Please try again later'))), [MX]: INTERNAL_RELAY }, input: withMailbox })),
    expect: { 'smarthost.accepts-mailbox': 'error' },
  },
  {
    name: 'RCPT 252 (cannot verify, will accept)',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(at('RCPT', (io) => io.send('252 2.1.5 Cannot VRFY user, but will accept message'))), [MX]: INTERNAL_RELAY }, input: withMailbox })),
    expect: { 'smarthost.accepts-mailbox': 'pass' },
  },
  {
    name: 'MAIL FROM:<> refused (null sender rejected): could not ask',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(at('MAIL', (io) => io.send('550 5.7.1 Null sender is not allowed'))), [MX]: INTERNAL_RELAY }, input: withMailbox })),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.accepts-mailbox': 'error' },
  },
  {
    name: 'MAIL FROM:<> greylisted (451): could not ask, and not blamed on the null sender',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(at('MAIL', (io) => io.send('451 4.7.1 Greylisted, try again in 5 minutes'))), [MX]: INTERNAL_RELAY }, input: withMailbox })),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.accepts-mailbox': 'error' },
    messages: { 'smarthost.accepts-mailbox': /temporary/ },
  },
  {
    name: 'server answers RCPT 250 and closes',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(at('RCPT', (io) => { io.send('250 2.1.5 OK'); io.end(); })), [MX]: INTERNAL_RELAY }, input: withMailbox })),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.accepts-mailbox': 'pass' },
  },
  {
    name: 'server closes at RCPT without answering',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(at('RCPT', (io) => io.end())), [MX]: INTERNAL_RELAY }, input: withMailbox })),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.accepts-mailbox': 'error' },
  },
  {
    name: 'server never answers RCPT: error within the timeout',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(at('RCPT', () => undefined)), [MX]: INTERNAL_RELAY }, input: withMailbox, timeoutMs: 400 })),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.accepts-mailbox': 'error' },
    withinMs: 3000,
  },
  {
    name: 'greeting dripped one byte per 100 ms: error within the timeout',
    ...scriptedWorld(() => ({
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
    })),
    expect: { 'smarthost.smtp': 'error', 'smarthost.tls': 'skip', 'smarthost.accepts-mailbox': 'skip' },
    withinMs: 3000,
  },
  {
    name: 'every reply dripped one byte per 30 ms under the step timeout: ends by the overall deadline',
    ...scriptedWorld(() => {
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
    }),
    expect: { 'm365.internal-relay': 'pass' },
    withinMs: 9000,
  },
  {
    name: '1 MB line as the EHLO reply: not an SMTP server',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(at('EHLO', (io) => io.raw(`250-${'x'.repeat(1 << 20)}\r\n250 OK\r\n`))), [MX]: INTERNAL_RELAY }, input: withMailbox })),
    expect: { 'smarthost.smtp': 'fail', 'smarthost.tls': 'skip' },
  },
  {
    name: 'huge multiline RCPT reply (5000 lines)',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(at('RCPT', (io) => io.raw(`${'250-ok\r\n'.repeat(5000)}250 OK\r\n`))), [MX]: INTERNAL_RELAY }, input: withMailbox })),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.accepts-mailbox': 'error' },
  },
  {
    name: 'Microsoft edge: 550 5.4.1 at RCPT',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(), [MX]: AUTHORITATIVE }, input: withMailbox })),
    expect: { 'm365.internal-relay': 'fail', 'smarthost.accepts-mailbox': 'pass' },
    messages: { 'm365.internal-relay': /is an Authoritative accepted domain/ },
  },
  {
    name: 'Microsoft edge: 550 5.4.1 Relay Access Denied ATTR35 (domain in no tenant): fail, not called Authoritative',
    ...scriptedWorld(() => ({
      servers: { [SH]: exim(), [MX]: edge('550 5.4.1 Relay Access Denied ATTR35 [BN1NAM02FT003.eop-nam02.prod.protection.outlook.com]') },
      input: withMailbox,
    })),
    expect: { 'm365.internal-relay': 'fail' },
    messages: { 'm365.internal-relay': /no Microsoft 365 tenant has example\.test as an accepted domain/ },
  },
  {
    name: 'Microsoft edge: 250 at RCPT',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(), [MX]: INTERNAL_RELAY }, input: withMailbox })),
    expect: { 'm365.internal-relay': 'pass' },
  },
  {
    name: 'Microsoft edge never answers RCPT',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(), [MX]: { ...INTERNAL_RELAY, on: at('RCPT', () => undefined) } }, input: withMailbox, timeoutMs: 400 })),
    expect: { 'm365.internal-relay': 'error' },
    withinMs: 3000,
  },
  {
    name: 'Microsoft edge greylists (451 4.7.500)',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(), [MX]: edge('451 4.7.500 Server busy. Please try again later from [192.0.2.1]. (S77719)') }, input: withMailbox })),
    expect: { 'm365.internal-relay': 'error' },
  },
  {
    name: 'smart host resolves to the Microsoft MX address: loop, the others skip',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(), [MX]: INTERNAL_RELAY, [`${MS_IP}:25`]: INTERNAL_RELAY }, zone: { [SMART_HOST]: [{ A: MS_IP }] }, input: { ...withMailbox, smartHost: { host: SMART_HOST, port: 25 } } })),
    expect: { 'smarthost.loop': 'fail', 'smarthost.smtp': 'skip', 'smarthost.tls': 'skip', 'smarthost.certificate': 'skip', 'smarthost.accepts-mailbox': 'skip' },
  },
  {
    name: "smart host inside Microsoft's ranges: loop, and the SMTP checks do not judge Microsoft as the hosting server",
    ...scriptedWorld(() => ({
      servers: { [SH]: exim(undefined, { cert: pki.leaves.wrongName }), [MX]: INTERNAL_RELAY },
      zone: { [SMART_HOST]: [{ A: '40.92.1.1' }], 'spf.protection.outlook.com': [{ TXT: 'v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 -all' }] },
      input: { ...withMailbox, smartHost: { host: SMART_HOST, port: 25 } },
    })),
    expect: { 'smarthost.loop': 'fail', 'smarthost.smtp': 'skip', 'smarthost.tls': 'skip', 'smarthost.certificate': 'skip', 'smarthost.accepts-mailbox': 'skip' },
  },
  {
    name: 'RCPT reply whose lines disagree (250- then 550): not read as acceptance',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(at('RCPT', (io) => io.send('250-2.1.5 looks fine', '550 5.1.1 No Such User Here'))), [MX]: INTERNAL_RELAY }, input: withMailbox })),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.accepts-mailbox': 'error' },
  },
  {
    name: 'RCPT reply that is not SMTP (2500 OK)',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(at('RCPT', (io) => io.send('2500 OK'))), [MX]: INTERNAL_RELAY }, input: withMailbox })),
    expect: { 'smarthost.accepts-mailbox': 'error' },
  },
  {
    name: 'Microsoft edge RCPT reply whose lines disagree (250- then 550 5.4.1)',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(), [MX]: edge('250-2.1.5 ok\r\n550 5.4.1 Recipient address rejected: Access denied') }, input: withMailbox })),
    expect: { 'm365.internal-relay': 'error' },
  },
  {
    name: 'EHLO answered 451 (temporary), HELO works: not a verdict on EHLO or TLS',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(at('EHLO', (io) => io.send('451 4.3.0 Temporary local problem, try later'))), [MX]: INTERNAL_RELAY }, input: withMailbox })),
    expect: { 'smarthost.smtp': 'error', 'smarthost.tls': 'error' },
  },
  {
    // Two complete greetings: the second would be read as the EHLO reply, every later answer one step behind.
    name: 'two 220 greeting lines (a banner with "220 " on each line): replies out of step, not a working server',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(undefined, { greet: (io) => io.send('220 mail.example.test ESMTP', '220 mail.example.test again') }), [MX]: INTERNAL_RELAY }, input: withMailbox })),
    expect: { 'smarthost.smtp': 'fail', 'smarthost.tls': 'skip', 'smarthost.accepts-mailbox': 'skip', 'm365.internal-relay': 'pass' },
    messages: { 'smarthost.smtp': /EPROTOCOL/ },
  },
  {
    // A stray extra line after the MAIL reply would be taken as the RCPT verdict (250) while the real one is 550.
    name: 'a stray 250 after the MAIL reply, the real RCPT answer 550: never read as acceptance',
    ...scriptedWorld(() => ({
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
    })),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.accepts-mailbox': 'error' },
  },
  {
    name: 'Microsoft edge: a stray 250 after the MAIL reply, the real RCPT answer 550 5.4.1: never read as Internal Relay',
    ...scriptedWorld(() => ({
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
    })),
    expect: { 'm365.internal-relay': 'error' },
  },
  {
    name: 'MAIL FROM:<> answered 550 relay not permitted (submission-like, no AUTH offered)',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(at('MAIL', (io) => io.send('550 5.7.1 relay not permitted'))), [MX]: INTERNAL_RELAY }, input: withMailbox })),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.accepts-mailbox': 'error' },
  },
  {
    name: 'RCPT 530 5.7.0 Authentication required (AUTH asked only at RCPT)',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(at('RCPT', (io) => io.send('530 5.7.0 Authentication required'))), [MX]: INTERNAL_RELAY }, input: withMailbox })),
    expect: { 'smarthost.smtp': 'fail', 'smarthost.accepts-mailbox': 'fail' },
  },
  {
    name: 'STARTTLS 454, then MAIL demands STARTTLS first',
    ...scriptedWorld(() => ({
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
    })),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.tls': 'fail', 'smarthost.accepts-mailbox': 'error' },
  },
  {
    name: 'server resets the connection at EHLO',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(at('EHLO', (io) => io.destroy())), [MX]: INTERNAL_RELAY }, input: withMailbox })),
    expect: { 'smarthost.smtp': 'error', 'smarthost.accepts-mailbox': 'skip' },
  },
  {
    name: 'QUIT never answered: the facts stand, the run ends in time',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(at('QUIT', () => undefined)), [MX]: INTERNAL_RELAY }, input: withMailbox, timeoutMs: 400 })),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.tls': 'pass', 'smarthost.certificate': 'pass', 'smarthost.accepts-mailbox': 'pass' },
    withinMs: 3000,
  },
  {
    name: 'STARTTLS answered 250 (not 220) by a server that then speaks plaintext',
    ...scriptedWorld(() => ({ servers: { [SH]: exim(at('STARTTLS', (io) => io.send('250 OK'))), [MX]: INTERNAL_RELAY }, input: withMailbox })),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.tls': 'fail', 'smarthost.certificate': 'skip' },
  },
]);
