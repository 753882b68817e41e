// The demo through the bin at 80 columns (COLUMNS, as in a pipe to less): the broken flows and the first fix on the first screen; --summary.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const columns = (line: string) => Array.from(line).length;

describe('the report at 80 columns through the bin', () => {
  it('the first 24 lines hold the flows, every broken one, and the first fix; COLUMNS sets the width when stdout is no terminal', async () => {
    const r = await runCli(['demo'], { env: { COLUMNS: '80' } });
    expect(r.code).toBe(0);
    const screen = r.stdout.split('\n').slice(0, 24);
    expect(screen).toContain('Mail flows');
    expect(screen.filter((l) => /^ {2}✖ fail {2}.*→/.test(l)).length).toBeGreaterThanOrEqual(4);
    expect(screen.some((l) => l.startsWith('First fix: m365.accepted-domain, m365.internal-relay: Exchange admin center'))).toBe(true);
    for (const line of screen) expect(columns(line), line).toBeLessThanOrEqual(80);
    // Without COLUMNS the same report wraps at 100.
    const wide = await runCli(['demo']);
    expect(wide.stdout.split('\n').some((l) => columns(l) > 80 && columns(l) <= 100 && !l.includes(' IN '))).toBe(true);
  });

  it('--summary: the flows and Fix first, none of the checks\' details', async () => {
    const r = await runCli(['demo', '--summary'], { env: { COLUMNS: '80' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Mail flows');
    expect(r.stdout).toMatch(/^Fix first \(most mail lost first\)$/m);
    expect(r.stdout).not.toMatch(/^MX records$/m);
    expect(r.stdout).not.toContain('seen:');
    for (const line of r.stdout.split('\n')) expect(columns(line), line).toBeLessThanOrEqual(80);
  });

  it('--summary is no option of trace or spf', async () => {
    const r = await runCli(['trace', 'a@contoso.com', '--summary']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/summary/);
  });
});
