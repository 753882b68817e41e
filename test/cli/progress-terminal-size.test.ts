// Progress on a terminal that reports no size: no spinner (ora would clear Infinity lines, writing without end), the run unaffected.
import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/io.js';
import { startDomainProgress, startProgress } from '../../src/cli/progress.js';

/** A TTY on stderr, `columns` wide, recording what is written and how many cursor moves ora asks for. */
function terminal(columns: number) {
  const err: string[] = [];
  let moves = 0;
  const io: Io = {
    stdout: { write: () => true, isTTY: true, columns },
    stderr: {
      write: (s: string) => (err.push(s), true),
      isTTY: true,
      columns,
      cursorTo: () => true,
      clearLine: () => true,
      moveCursor: () => {
        // ora's clear() moves up once per line it thinks it drew: bound it so a failing run ends.
        if (++moves > 10_000) throw new Error('more than 10,000 cursor moves: clearing without end');
        return true;
      },
    } as Io['stderr'],
    env: {},
    cwd: '/',
  };
  return { io, err, moves: () => moves };
}

describe('progress on a terminal 0 columns wide (a pseudo-terminal nobody sized)', () => {
  it('draws no spinner and no bar, and stops at once', async () => {
    const t = terminal(0);
    const p = await startProgress(t.io, true, 'Checking contoso.com', 3);
    const d = await startDomainProgress(t.io, true, 4);
    d.onDomainDone({ domain: 'a.com', exitCode: 1 });
    await new Promise((resolve) => setTimeout(resolve, 250)); // ora's frame timer, had it started
    p.stop();
    d.stop();
    expect(t.err).toEqual([]);
    expect(t.moves()).toBe(0);
  });

  it('a sized terminal still gets the bar', async () => {
    const t = terminal(80);
    const d = await startDomainProgress(t.io, true, 4);
    d.onDomainDone({ domain: 'a.com', exitCode: 1 });
    await new Promise((resolve) => setTimeout(resolve, 250));
    d.stop();
    expect(t.err.join('')).toMatch(/1\/4 domains · 1 with problems/);
  });
});
