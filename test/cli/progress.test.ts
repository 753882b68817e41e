// Progress: on stderr, only on a TTY, only for people (never with JSON), never on CI; stdout is never touched.
import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/io.js';
import { startDomainProgress, startProgress } from '../../src/cli/progress.js';
import type { Check } from '../../src/engine/types.js';

function fakeIo(isTTY: boolean, env: NodeJS.ProcessEnv = {}): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: { write: (s: string) => (out.push(s), true), isTTY },
    // What ora uses of a TTY stream besides write().
    stderr: { write: (s: string) => (err.push(s), true), isTTY, columns: 80, cursorTo: () => true, clearLine: () => true, moveCursor: () => true } as Io['stderr'],
    env,
    cwd: '/',
  };
}

const check = { meta: { id: 'mx.present', title: '', verifies: '', messages: {} }, run: async () => ({ status: 'pass', message: '' }) } as Check;

describe('progress', () => {
  it('shows on stderr when stderr is a TTY and the report is for people', async () => {
    const io = fakeIo(true);
    const p = await startProgress(io, true, 'Checking contoso.com', 3);
    p.onCheckStart(check);
    p.onCheckDone({ id: 'mx.present', status: 'pass', title: '', message: '', messageId: 'ok', evidence: {} });
    p.stop();
    expect(io.err.join('')).toContain('Checking contoso.com');
    expect(io.out).toEqual([]);
  });

  it('is silent for machine output, off a TTY, and on CI', async () => {
    for (const [io, enabled] of [
      [fakeIo(true), false],
      [fakeIo(false), true],
      [fakeIo(true, { CI: 'true' }), true],
      [fakeIo(true, { TERM: 'dumb' }), true],
    ] as const) {
      const p = await startProgress(io, enabled, 'Checking contoso.com', 3);
      p.onCheckStart(check);
      p.stop();
      const d = await startDomainProgress(io, enabled, 10);
      d.onDomainDone({ domain: 'contoso.com', exitCode: 1 });
      d.stop();
      expect(io.err).toEqual([]);
      expect(io.out).toEqual([]);
    }
  });

  it('the domains bar counts domains and those with problems', async () => {
    const io = fakeIo(true);
    const d = await startDomainProgress(io, true, 4);
    d.onDomainDone({ domain: 'a.com', exitCode: 0 });
    d.onDomainDone({ domain: 'b.com', exitCode: 1 });
    await new Promise((resolve) => setTimeout(resolve, 250)); // ora draws on its frame timer
    d.stop();
    expect(io.err.join('')).toMatch(/2\/4 domains · 1 with problems/);
  });
});
