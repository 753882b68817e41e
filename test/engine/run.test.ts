// Engine tests: isolation of failures, lookup errors as `error`, deadlines, --no-smtp, selection, exit codes.
import { describe, expect, it } from 'vitest';
import { createReplayClient } from '../../src/dns/replay.js';
import type { DnsResult } from '../../src/dns/types.js';
import { must } from '../../src/engine/lookup.js';
import { runChecks } from '../../src/engine/run.js';
import { selectChecks } from '../../src/engine/select.js';
import { exitCodeFor, summarize, worstExitCode } from '../../src/engine/summary.js';
import { fillTemplate } from '../../src/engine/template.js';
import type { Check } from '../../src/engine/types.js';

const timeoutResult: DnsResult = {
  question: { name: 'example.com', type: 'MX' },
  status: 'timeout',
  records: [],
  cnames: [],
  canonicalName: 'example.com',
  code: 'ETIMEOUT',
  reason: 'no answer from 192.0.2.53:53 after 2 attempts of 200 ms',
};

function check(id: string, run: Check['run'], extra: Partial<Check['meta']> = {}): Check {
  return { meta: { id, title: id, verifies: id, messages: { ok: 'all good with {thing}' }, ...extra }, run };
}

const base = {
  domain: 'example.com',
  input: {},
  dns: createReplayClient([timeoutResult]),
  now: new Date('2026-01-01T00:00:00Z'),
  checkTimeoutMs: 2000,
};

describe('runChecks', () => {
  it('turns a throwing check into error and runs the others', async () => {
    const findings = await runChecks({
      ...base,
      checks: [
        check('a.crash', async () => {
          throw new TypeError('boom');
        }),
        check('a.fine', async () => ({ status: 'pass', message: 'ok', data: { thing: 'MX' } })),
      ],
    });
    expect(findings.map((f) => [f.id, f.status])).toEqual([
      ['a.crash', 'error'],
      ['a.fine', 'pass'],
    ]);
    expect(findings[0]!.message).toContain('boom');
    expect(findings[0]!.remedy).toBeTruthy();
    expect(findings[1]!.message).toBe('all good with MX');
  });

  it('reports an unanswered lookup as error with the lookup as evidence, never as a verdict', async () => {
    const [finding] = await runChecks({
      ...base,
      checks: [
        check('a.dns', async (ctx) => {
          must(await ctx.dns.query('example.com', 'MX'));
          return { status: 'fail', message: 'ok' };
        }),
      ],
    });
    expect(finding!.status).toBe('error');
    expect(finding!.message).toContain('no answer from 192.0.2.53:53');
    expect(finding!.evidence).toEqual({ lookup: timeoutResult });
    expect(finding!.observed?.[0]).toContain('timeout');
  });

  it('stops a check that outlives its deadline', async () => {
    const [finding] = await runChecks({
      ...base,
      checkTimeoutMs: 50,
      checks: [check('a.slow', (ctx) => new Promise((resolve) => ctx.signal.addEventListener('abort', () => resolve({ status: 'pass', message: 'ok' }))))],
    });
    expect(finding!.status).toBe('error');
    expect(finding!.message).toMatch(/did not finish/);
  });

  it('skips SMTP checks under noSmtp without running them', async () => {
    let ran = false;
    const [finding] = await runChecks({
      ...base,
      input: { noSmtp: true },
      checks: [
        check(
          'smarthost.x',
          async () => {
            ran = true;
            return { status: 'pass', message: 'ok' };
          },
          { needs: ['smtp'] },
        ),
      ],
    });
    expect(ran).toBe(false);
    expect(finding!.status).toBe('skip');
    expect(finding!.message).toMatch(/--no-smtp/);
  });

  it('shares memoised facts between checks: computed once', async () => {
    let computed = 0;
    const fact = (ctx: Parameters<Check['run']>[0]) => ctx.memo('fact', async () => ++computed);
    const findings = await runChecks({
      ...base,
      checks: [1, 2, 3].map((n) => check(`m.c${n}`, async (ctx) => ({ status: 'pass', message: 'ok', data: { thing: await fact(ctx) } }))),
    });
    expect(computed).toBe(1);
    expect(findings.every((f) => f.message === 'all good with 1')).toBe(true);
  });
});

describe('selection, summary and exit codes', () => {
  const all = ['mx.present', 'mx.no-bypass', 'spf.all', 'smarthost.tls'].map((id) => check(id, async () => ({ status: 'pass', message: 'ok' })));
  const ids = (s: ReturnType<typeof selectChecks>) => (s.ok ? s.checks.map((c) => c.meta.id) : s.error);

  it('selects by exact id and by area prefix, never by a partial word', () => {
    expect(ids(selectChecks(all, ['mx']))).toEqual(['mx.present', 'mx.no-bypass']);
    expect(ids(selectChecks(all, ['mx.*', 'spf.all']))).toEqual(['mx.present', 'mx.no-bypass', 'spf.all']);
    expect(ids(selectChecks(all, [], ['mx', 'smarthost']))).toEqual(['spf.all']);
    expect(ids(selectChecks(all, ['m']))).toMatch(/no check matches "m"/);
    expect(ids(selectChecks(all, ['mx'], ['mx']))).toMatch(/leaves no check/);
  });

  it('maps summaries to the contract exit codes', () => {
    const s = (fail: number, error: number, warn: number) => ({ pass: 1, warn, fail, error, skip: 0 });
    expect(exitCodeFor(s(0, 0, 0))).toBe(0);
    expect(exitCodeFor(s(0, 0, 2))).toBe(0);
    expect(exitCodeFor(s(0, 0, 2), true)).toBe(1);
    expect(exitCodeFor(s(1, 1, 0))).toBe(1);
    expect(exitCodeFor(s(0, 1, 0))).toBe(3);
    expect(exitCodeFor(s(0, 1, 1), true)).toBe(1);
    expect(worstExitCode([0, 3, 0])).toBe(3);
    expect(worstExitCode([3, 1, 0])).toBe(1);
    expect(summarize([{ status: 'pass' }, { status: 'skip' }, { status: 'pass' }])).toEqual({ pass: 2, warn: 0, fail: 0, error: 0, skip: 1 });
  });

  it('fills templates, joins lists and escapes control characters from data', () => {
    expect(fillTemplate('{a} and {b}', { a: 'x', b: ['1', '2', '3'] })).toBe('x and 1, 2 and 3');
    expect(fillTemplate('{missing}', {})).toBe('{missing}');
    expect(fillTemplate('host {h}', { h: 'evil\u001b[31m\nline' })).toBe('host evil\\x1b[31m\\x0aline');
  });
});
