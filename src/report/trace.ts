// `splitcheck trace` output: each hop of the path with its verdict, the bounce and fix at the first broken one.
import type { Hop, Trace } from '../trace/hops.js';
import { escapeControl } from '../util/text.js';
import { createStyle } from './style.js';
import { wrapText } from './wrap.js';

const MARK: Record<Hop['verdict'], [string, 'pass' | 'fail' | 'error' | 'skip']> = {
  ok: ['✔', 'pass'],
  broken: ['✖', 'fail'],
  unknown: ['?', 'error'],
  'not-reached': ['-', 'skip'],
};

const LIMITS =
  'What the probes cannot see: a 250 from Microsoft 365 does not tell whether it holds the mailbox itself (then delivery ends there) or relays it; and the connector\'s real settings (its smart host, TLS mode) live in the Exchange admin center, so the smart host checked here is the one given with --smart-host, or mail.<domain>.';

export function renderTraceTerminal(trace: Trace, options: { color: boolean; width?: number }): string {
  const style = createStyle(options.color);
  const width = Math.max(60, options.width ?? 100);
  const indent = ' '.repeat(7);
  const wrap = (text: string, prefix = indent) => wrapText(text.split('\n').map(escapeControl).join('\n'), width, prefix, indent);
  const lines = [style.bold(`splitcheck trace ${escapeControl(trace.address)}`), ''];
  trace.hops.forEach((hop, i) => {
    const [mark, status] = MARK[hop.verdict];
    lines.push(`  ${style.status(status, mark)} ${i + 1}. ${hop.title}${hop.verdict === 'not-reached' ? style.dim('  (not reached)') : ''}`);
    for (const note of hop.notes) lines.push(wrap(note));
    if (hop.bounce) lines.push(wrap(`A sender gets back: ${hop.bounce}`, `${indent}`).replace('A sender gets back:', style.bold('A sender gets back:')));
    if (hop.fix) lines.push(wrap(hop.fix, `${indent}fix: `).replace(`${indent}fix:`, `${indent}${style.bold('fix:')}`));
  });
  const broken = trace.hops.findIndex((h) => h.verdict === 'broken');
  const result =
    trace.exitCode === 1
      ? `the path breaks at hop ${broken + 1}`
      : trace.exitCode === 3
        ? 'a hop could not be verified from here'
        : `mail to ${escapeControl(trace.address)} can reach the hosting server`;
  lines.push('', `Result: ${result} (exit ${trace.exitCode}).`, '', wrapText(LIMITS, width, style.dim('Note: '), '      '));
  return `${lines.join('\n')}\n`;
}
