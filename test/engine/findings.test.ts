// Structured findings: every finding carries its template key (messageId), several parts are told once each, and a key a check's meta does not define is an `error`, never raw text.
import { describe, expect, it } from 'vitest';
import { createReplayClient } from '../../src/dns/replay.js';
import { defineCheck } from '../../src/engine/define.js';
import { runChecks, toFinding } from '../../src/engine/run.js';
import type { Check, Verdict } from '../../src/engine/types.js';

const base = { domain: 'example.com', input: {}, dns: createReplayClient([]), now: new Date('2026-01-01T00:00:00Z'), checkTimeoutMs: 2000 };

const sample = defineCheck({
  meta: {
    id: 'x.sample',
    title: 'Sample',
    verifies: 'a sample',
    messages: { ok: '{where} is fine.', bad: '{where} is broken ({why}).', worse: '{where} is gone.' },
    remedies: { fix: 'Fix {where}.', replace: 'Replace {where}.' },
  },
  async run() {
    return { status: 'pass', message: 'ok', data: { where: 'a' } };
  },
});

/** The same check returning `verdict` (typed loosely, as a plugin's arrives at run time). */
function returning(verdict: unknown): Check {
  return { meta: sample.meta, run: async () => verdict as Verdict };
}

describe('findings carry their template key', () => {
  it('messageId is the key; one part has no messageIds', async () => {
    const [f] = await runChecks({ ...base, checks: [sample] });
    expect(f).toMatchObject({ id: 'x.sample', status: 'pass', message: 'a is fine.', messageId: 'ok' });
    expect(f!.messageIds).toBeUndefined();
  });

  it('several parts: each filled from its own data, a sentence said once, every key listed in order', () => {
    const f = toFinding(sample, {
      status: 'fail',
      message: 'bad',
      remedy: 'fix',
      data: { where: 'mx1', why: 'refused' },
      more: [
        { message: 'worse', remedy: 'replace', data: { where: 'mx2' } },
        { message: 'bad', remedy: 'fix', data: { where: 'mx1', why: 'refused' } },
      ],
    });
    expect(f.message).toBe('mx1 is broken (refused). mx2 is gone.');
    expect(f.remedy).toBe('Fix mx1. Replace mx2.');
    expect(f.messageId).toBe('bad');
    expect(f.messageIds).toEqual(['bad', 'worse']);
  });

  it('the engine\'s own findings have dotted keys: a crash, a timeout, a source not given', async () => {
    const smtpCheck: Check = { meta: { ...sample.meta, id: 'x.smtp', needs: ['smtp'] }, run: sample.run };
    const findings = await runChecks({
      ...base,
      input: { noSmtp: true },
      checkTimeoutMs: 50,
      checks: [
        returning(Promise.reject(new Error('boom'))),
        { meta: { ...sample.meta, id: 'x.slow' }, run: () => new Promise(() => {}) },
        smtpCheck,
      ],
    });
    expect(findings.map((f) => [f.status, f.messageId])).toEqual([
      ['error', 'engine.crashed'],
      ['error', 'engine.timedOut'],
      ['skip', 'engine.needs.smtp'],
    ]);
    expect(findings[2]!.message).toBe('Skipped: SMTP probes are turned off (--no-smtp).');
  });
});

describe('a verdict naming what the meta does not define', () => {
  it.each([
    ['an unknown message key', { status: 'pass', message: 'okay' }, /named the message "okay", which its meta\.messages does not define/],
    ['an unknown remedy key', { status: 'fail', message: 'bad', remedy: 'mend' }, /named the remedy "mend", which its meta\.remedies does not define/],
    ['a key inherited from Object', { status: 'warn', message: 'toString' }, /named the message "toString"/],
    ['an unknown key in a further part', { status: 'fail', message: 'bad', more: [{ message: 'nope' }] }, /named the message "nope"/],
    ['no status', { message: 'ok' }, /no valid verdict \(status missing is not one of pass, warn, fail, error, skip\)/],
    ['not an object', 'ok', /no valid verdict \(not an object\)/],
  ])('%s is an error saying so, never the key shown as a message', async (_, verdict, message) => {
    const [f] = await runChecks({ ...base, checks: [returning(verdict)] });
    expect(f!.status).toBe('error');
    expect(f!.message).toMatch(message);
    expect(f!.message).toMatch(/a bug in the check/);
    expect(f!.remedy).toBeTruthy();
    expect(f!.messageId).toMatch(/^engine\.(unknownMessage|badVerdict)$/);
  });

  it("a plugin's warn, fail or error without a remedy is an error saying so (the report promises one); a built-in check is held by its tests", async () => {
    const verdict = { status: 'fail', message: 'bad', data: { where: 'a', why: 'b' } };
    const [f] = await runChecks({ ...base, checks: [{ ...returning(verdict), plugin: './acme.mjs' }] });
    expect(f).toMatchObject({ status: 'error', messageId: 'engine.badVerdict' });
    expect(f!.message).toMatch(/a fail must name a remedy of its meta\.remedies/);
    const [plain] = await runChecks({ ...base, checks: [returning(verdict)] });
    expect(plain).toMatchObject({ status: 'fail', messageId: 'bad' });
  });

  it('a control character in the key is shown escaped', async () => {
    const [f] = await runChecks({ ...base, checks: [returning({ status: 'pass', message: 'x\u001b[2J' })] });
    expect(f!.message).toContain('x\\x1b[2J');
  });
});
