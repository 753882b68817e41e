// The tree read by its imports: src/cli/ is one client that nothing imports, the core below it knows no argv or terminal, and each layer imports only those below it.
import { describe, expect, it } from 'vitest';
import { modules } from './source.js';

/** What each layer may not import (the layers above it, and what it has no business with). */
const FORBIDDEN: Record<string, readonly string[]> = {
  util: ['cli', 'core', 'index.ts', 'config', 'report', 'engine', 'checks', 'input', 'dns', 'smtp'],
  dns: ['cli', 'core', 'index.ts', 'config', 'report', 'engine', 'checks', 'input', 'smtp', 'spf'],
  smtp: ['cli', 'core', 'index.ts', 'config', 'report', 'engine', 'checks', 'input'],
  spf: ['cli', 'core', 'index.ts', 'config', 'report', 'engine', 'checks', 'input'],
  knowledge: ['cli', 'core', 'index.ts', 'config', 'report', 'engine', 'checks', 'input'],
  // The inside view's sources: the tenant export (m365/) and cPanel's UAPI (cpanel/), below the engine and the checks.
  m365: ['cli', 'core', 'index.ts', 'config', 'report', 'engine', 'checks', 'input', 'evidence'],
  cpanel: ['cli', 'core', 'index.ts', 'config', 'report', 'engine', 'checks', 'input', 'evidence'],
  engine: ['cli', 'core', 'index.ts', 'config', 'report', 'checks', 'input', 'evidence'],
  checks: ['cli', 'core', 'index.ts', 'config', 'report', 'input', 'evidence', 'trace', 'explain'],
  input: ['cli', 'core', 'index.ts', 'config', 'report', 'checks'],
  config: ['cli', 'core', 'index.ts', 'checks'],
  evidence: ['cli', 'core', 'index.ts', 'config', 'report', 'checks'],
  baseline: ['cli', 'core', 'index.ts', 'config', 'report', 'checks', 'input', 'evidence', 'trace', 'explain'],
  report: ['cli', 'core', 'index.ts', 'config', 'checks', 'input'],
  trace: ['cli', 'core', 'index.ts', 'config', 'report', 'checks'],
  explain: ['cli', 'core', 'index.ts', 'config'],
  core: ['cli', 'index.ts'],
};

/** Packages and globals that are the terminal's and the process's: the command line's alone. */
const TERMINAL_PACKAGES = ['yargs', 'ora'];
const PROCESS_IO = /\bprocess\.(stdout|stderr|stdin|argv|exit|exitCode)\b/;

describe('the layers, by their imports', () => {
  it('no module outside src/cli/ imports src/cli/', () => {
    const offenders = modules().flatMap((m) => (m.layer === 'cli' ? [] : m.imports.filter((i) => i.startsWith('cli/')).map((i) => `${m.path} → ${i}`)));
    expect(offenders).toEqual([]);
  });

  it('each layer imports nothing of the layers above it', () => {
    const offenders = modules().flatMap((m) =>
      m.imports.flatMap((target) => {
        const layer = target.split('/')[0]!;
        const forbidden = FORBIDDEN[m.layer] ?? [];
        return forbidden.includes(layer) || forbidden.includes(`${layer}.ts`) ? [`${m.path} → ${target}`] : [];
      }),
    );
    expect(offenders).toEqual([]);
  });

  it('argv, the terminal and the process streams are the command line\'s: yargs, ora and process.stdout/argv/exit appear only in src/cli/', () => {
    const offenders = modules().flatMap((m) => {
      if (m.layer === 'cli') return [];
      const packages = m.packages.filter((p) => TERMINAL_PACKAGES.includes(p)).map((p) => `${m.path} imports ${p}`);
      const io = PROCESS_IO.test(m.source.text) ? [`${m.path} uses ${PROCESS_IO.exec(m.source.text)![0]}`] : [];
      return [...packages, ...io];
    });
    expect(offenders).toEqual([]);
  });

  it('the rules cover every layer of src/ (a new folder must be placed)', () => {
    const layers = [...new Set(modules().map((m) => m.layer))].filter((l) => !l.endsWith('.ts'));
    const placed = new Set([...Object.keys(FORBIDDEN), 'cli', 'testbed', 'demo', 'dkim', 'dmarc', 'mtasts']);
    expect(layers.filter((l) => !placed.has(l))).toEqual([]);
  });
});
