// `splitcheck trace` output: each hop of the path with its verdict, the bounce and fix at the first broken one.
import { FLOWS } from '../engine/flows.js';
import type { Hop, Trace } from '../trace/hops.js';
import { escapeControl } from '../util/text.js';
import { oneLineFix } from './fix-first.js';
import { createStyle } from './style.js';
import { wrapText } from './wrap.js';

const MARK: Record<Hop['verdict'], [string, 'pass' | 'fail' | 'error' | 'skip']> = {
  ok: ['✔', 'pass'],
  broken: ['✖', 'fail'],
  unknown: ['?', 'error'],
  'not-reached': ['-', 'skip'],
};

const LIMITS =
  'What the probes cannot see: the connector\'s real settings (its smart host, TLS mode) live in the Exchange admin center, so the smart host checked here is the one given with --smart-host, or mail.<domain>.';

export function renderTraceTerminal(trace: Trace, options: { color: boolean; width?: number }): string {
  const style = createStyle(options.color);
  const width = Math.max(60, options.width ?? 100);
  const indent = ' '.repeat(7);
  const wrap = (text: string, prefix = indent) => wrapText(text.split('\n').map(escapeControl).join('\n'), width, prefix, indent);
  const lines = [style.bold(`splitcheck trace ${escapeControl(trace.address)}`)];
  // Which flow this is, and why: the reader knows at once whether the connector is on the path at all.
  lines.push(wrapText(`Flow: ${trace.flow} (${FLOWS[trace.flow].path})${trace.flowKnown ? '' : ', assumed'}: ${escapeControl(trace.flowBasis)}.`, width, '', '  ').replace('Flow:', style.bold('Flow:')));
  if (trace.blocked) {
    // One line for a blocked port 25, with its fix, instead of the same paragraph under every SMTP hop.
    const text = `? Port 25 is blocked from this machine: the SMTP hops could not be verified. Fix: ${oneLineFix(trace.blocked.fix)}`;
    lines.push(wrapText(escapeControl(text), width, '', '  ').replace('? Port 25', `${style.status('error', '?')} Port 25`));
  }
  lines.push('');
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
        : trace.flow === 'internet-to-m365'
          ? `mail to ${escapeControl(trace.address)} can reach its Microsoft 365 mailbox`
          : `mail to ${escapeControl(trace.address)} can reach the hosting server`;
  lines.push('', `Result: ${result} (exit ${trace.exitCode}).`);
  // What the probes cannot see concerns the connector: said when the path goes through it. A Microsoft 365
  // mailbox has a second way in, from hosting users, which the full check probes (hosting-to-m365).
  const note =
    trace.flow === 'internet-to-hosting'
      ? LIMITS
      : `Hosting users' mail to ${escapeControl(trace.address)} takes another flow (hosting-to-m365): splitcheck ${escapeControl(trace.domain)} --m365-mailbox ${escapeControl(trace.address)} probes it.`;
  lines.push('', wrapText(note, width, 'Note: ', '      ').replace('Note:', style.dim('Note:')));
  return `${lines.join('\n')}\n`;
}
