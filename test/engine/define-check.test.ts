// defineCheck: a verdict naming a message or remedy key its meta does not define is a compile error (npm run typecheck fails if one of these stops being one).
import { describe, expect, it } from 'vitest';
import { createReplayClient } from '../../src/dns/replay.js';
import { defineCheck } from '../../src/engine/define.js';
import { runChecks } from '../../src/engine/run.js';

const meta = { id: 'x.typed', title: 'Typed', verifies: 'keys', messages: { ok: 'Fine.', bad: 'Broken.' }, remedies: { fix: 'Fix it.' } };

describe('defineCheck', () => {
  it('accepts the keys of its meta and returns the check unchanged', async () => {
    const run = async () => ({ status: 'fail' as const, message: 'bad' as const, remedy: 'fix' as const });
    const check = defineCheck({
      meta,
      async run(ctx) {
        if (ctx.domain === 'ok.example') return { status: 'pass', message: 'ok' };
        return run();
      },
    });
    expect(check.meta).toBe(meta);
  });

  it('refuses other keys at compile time, and the engine refuses them at run time too', async () => {
    const okay = defineCheck({
      meta,
      // @ts-expect-error: "okay" is not a key of meta.messages
      async run() {
        return { status: 'pass', message: 'okay' };
      },
    });
    const mend = defineCheck({
      meta,
      // @ts-expect-error: "mend" is not a key of meta.remedies
      async run() {
        return { status: 'fail', message: 'bad', remedy: 'mend' };
      },
    });
    const noRemedies = defineCheck({
      meta: { ...meta, remedies: undefined },
      // @ts-expect-error: a check without remedies can name none
      async run() {
        return { status: 'fail', message: 'bad', remedy: 'fix' };
      },
    });
    const further = defineCheck({
      meta,
      // @ts-expect-error: a further part is held to the same keys
      async run() {
        return { status: 'fail', message: 'bad', more: [{ message: 'worse' }] };
      },
    });
    const wrong = [okay, mend, noRemedies, further];
    const findings = await runChecks({ domain: 'x.example', input: {}, dns: createReplayClient([]), now: new Date(), checkTimeoutMs: 1000, checks: wrong });
    expect(findings.map((f) => [f.status, f.messageId])).toEqual(wrong.map(() => ['error', 'engine.unknownMessage']));
  });
});
