// Hostile SMTP servers against the probe and against the smarthost.* checks through the engine: every case ends in time,
// with `error` or a real verdict and a reason, never DATA, with evidence of bounded size.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/types.js';
import { probeSmtp, type SmtpProbeResult } from '../../src/smtp/index.js';
import { createTestPki, type TestPki } from '../../src/testbed/certs.js';
import { startHostileServer, type HostileBehaviour } from '../../src/testbed/smtp-hostile.js';
import { exampleTest, MAILBOX, MS_MX, SMART_HOST, smtpFindings, type ExampleTestWorld } from '../helpers/smtp-servers.js';
import { runWorld, type World } from '../helpers/world.js';
import { noData, routeTo, sentCommands, track } from '../smtp/helpers.js';

const TIMEOUT = 300;
// Loopback plus timer slack on a loaded machine; a hang would take the test's 20 s.
const SLACK = 1200;
/** The probe's own default overall deadline is four steps: nothing may take longer than that. */
const TOTAL = TIMEOUT * 4;
/** Evidence stays small whatever the server sends (1 MB replies included): the line guard and the caps bound it. */
const MAX_RESULT_JSON = 256 * 1024;

const ALL: HostileBehaviour[] = [
  'silent',
  'drip-greeting',
  'close-on-starttls',
  'megabyte-no-crlf',
  'bare-lf',
  'endless-multiline',
  'tls-garbage',
  'no-service',
  'helo-only',
  'refuses-helo',
  'refuses-starttls',
  'greet-then-close',
  'random-codes',
  'binary',
  'megabyte-reply',
  'unterminated-reply',
  'hostile-text',
];
const VERBS = /^(?:EHLO|HELO|STARTTLS|MAIL FROM:<>|RCPT TO:<[^>]*>|RSET|QUIT)(?: |$)/;

async function probe(behaviour: HostileBehaviour, seed = 1): Promise<{ result: SmtpProbeResult; elapsed: number; sawData: boolean }> {
  const server = track(await startHostileServer(behaviour, { intervalMs: 5, seed }));
  const started = performance.now();
  const result = await probeSmtp({ host: 'mail.example.test', recipients: ['anna@example.test'], connect: routeTo(server), timeoutMs: TIMEOUT });
  const elapsed = performance.now() - started;
  expect(noData(result, server)).toBe(true);
  return { result, elapsed, sawData: server.sawData };
}

function expectBounded(result: SmtpProbeResult): void {
  const json = JSON.stringify(result);
  expect(json.length).toBeLessThan(MAX_RESULT_JSON);
  expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(result)));
  for (const command of sentCommands(result)) expect(command).toMatch(VERBS);
}

describe('the probe against every hostile server', () => {
  for (const behaviour of ALL) {
    it(`${behaviour}: ends within the overall deadline, a value not an exception, bounded evidence, no DATA`, async () => {
      const { result, elapsed } = await probe(behaviour);
      expect(elapsed).toBeLessThan(TOTAL + SLACK);
      expect(typeof result.ok).toBe('boolean');
      if (!result.ok) expect(result.error?.message).toBeTruthy();
      expectBounded(result);
    });
  }
});

describe('new hostile servers, one by one', () => {
  it('220 then close: ECLOSED (or a reset) right after the greeting, long before the timeout', async () => {
    const { result, elapsed } = await probe('greet-then-close');
    expect(result).toMatchObject({ ok: false, greeting: { code: 220 } });
    expect(['ECLOSED', 'ECONNRESET', 'ECONNECTION']).toContain(result.error?.code);
    expect(elapsed).toBeLessThan(TIMEOUT);
  });

  it('a 1 MB reply in proper CRLF lines: stopped at the reply cap, long before the deadline', async () => {
    const server = track(await startHostileServer('megabyte-reply'));
    const started = performance.now();
    const result = await probeSmtp({ host: 'mail.example.test', connect: routeTo(server), timeoutMs: 5000 });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result).toMatchObject({ ok: false, phase: 'greeting', error: { code: 'ETOOLARGE' } });
    expect(result.greeting).toBeUndefined();
    expectBounded(result);
  });

  it('a reply line that never ends: ETIMEDOUT for EHLO, not a hang', async () => {
    const { result, elapsed } = await probe('unterminated-reply');
    expect(result).toMatchObject({ ok: false, error: { phase: 'ehlo', code: 'ETIMEDOUT' } });
    expect(elapsed).toBeLessThan(TIMEOUT + SLACK);
  });

  it('random reply codes (30 seeds): always a value, only allowed commands, never DATA', async () => {
    for (let seed = 1; seed <= 30; seed++) {
      const { result, elapsed } = await probe('random-codes', seed);
      expect(elapsed, `seed ${seed}`).toBeLessThan(TOTAL + SLACK);
      expectBounded(result);
    }
  });

  it('binary greetings and replies (20 seeds): malformed replies kept as evidence, never a crash', async () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { result, elapsed } = await probe('binary', seed);
      expect(elapsed, `seed ${seed}`).toBeLessThan(TOTAL + SLACK);
      expectBounded(result);
      expect(result.greeting?.malformed ?? true, `seed ${seed}`).toBe(true);
    }
  });

  it('control characters in every reply: kept verbatim in the evidence (the reports escape them)', async () => {
    const { result } = await probe('hostile-text');
    expect(result.ok).toBe(true);
    expect(result.greeting?.text).toContain('\u001b[31m');
    expect(result.rcpt[0]?.reply).toMatchObject({ code: 550, enhanced: '5.1.1' });
  });
});

describe('smarthost.* and m365.internal-relay through the engine, against every hostile smart host', () => {
  let pkis: { default: TestPki };
  beforeAll(async () => {
    pkis = { default: await createTestPki({ hostname: SMART_HOST }) };
  });

  const world = (behaviour: HostileBehaviour, extra: Partial<ExampleTestWorld> = {}): World => exampleTest({
    name: behaviour,
    smtp: { timeoutMs: TIMEOUT },
    input: { mailboxes: [MAILBOX] },
    servers: { [`${SMART_HOST}:25`]: { kind: 'hostile', behaviour }, [`${MS_MX}:25`]: { kind: 'edge', mode: 'internal-relay' } },
    expect: {},
    ...extra,
  });

  function expectRealVerdicts(findings: Finding[]): void {
    for (const f of findings) {
      expect(['pass', 'warn', 'fail', 'error', 'skip']).toContain(f.status);
      expect(f.message.length, f.id).toBeGreaterThan(10);
      expect(f.message, f.id).not.toMatch(/\{[a-zA-Z][a-zA-Z0-9]*\}/);
      expect(f.message, f.id).not.toMatch(/internal error/);
      if (['warn', 'fail', 'error'].includes(f.status)) expect(f.remedy, `${f.id} remedy`).toBeTruthy();
      expect(JSON.stringify(f).length, `${f.id} size`).toBeLessThan(MAX_RESULT_JSON);
    }
  }

  for (const behaviour of ALL) {
    it(`${behaviour}: every SMTP check is error or a real verdict with a reason, in time, no DATA`, async () => {
      // runWorld throws if any server saw DATA.
      const run = await runWorld(world(behaviour), { pkis });
      const findings = smtpFindings(run);
      expect(findings).toHaveLength(7);
      expectRealVerdicts(findings);
      // Every probe of the run (smart host and edge, all shared) ends within its overall deadline.
      expect(run.elapsedMs).toBeLessThan(TOTAL * 2 + SLACK);
    });
  }

  it('what the new servers come to: a close is "could not test", a 1 MB reply no SMTP server, a hostile-text one works', async () => {
    const statusOf = async (behaviour: HostileBehaviour) => (await runWorld(world(behaviour), { pkis })).byId['smarthost.smtp'];
    // A close right after EHLO looks like a block of this address: not judged as the server's fault.
    const closed = await statusOf('greet-then-close');
    expect(closed?.status).toBe('error');
    expect(closed?.message).toMatch(/closed the connection during EHLO/);
    const huge = await statusOf('megabyte-reply');
    expect(huge?.status).toBe('fail');
    expect(huge?.message).toMatch(/ETOOLARGE/);
    const unterminated = await statusOf('unterminated-reply');
    expect(unterminated?.status).toBe('error');
    expect(unterminated?.message).toMatch(/EHLO/);
    const text = await runWorld(world('hostile-text'), { pkis });
    expect(text.byId['smarthost.smtp']?.status).toBe('pass');
    expect(text.byId['smarthost.accepts-mailbox']?.status).toBe('fail');
    // The data reaches the message escaped, never raw.
    expect(text.byId['smarthost.accepts-mailbox']?.message).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });
});
