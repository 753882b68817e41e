// `node scripts/explain/corpus.mjs [regex] [--misses]`: runs explain over the vendored bounce corpus and prints the rates against Sisimai's reading.
import { fileURLToPath } from 'node:url';
import { bundle } from '../lib/bundle.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);
const showMisses = args.includes('--misses');
const pattern = args.find((a) => !a.startsWith('--'));
await bundle({ corpus: `${root}/scripts/explain/corpus-entry.ts` }, `${root}/.bench/explain`, {});
const { measure, show, diagnoses, agreement, expected } = await import(`${root}/.bench/explain/corpus.js`);
if (args[0] === '--diagnoses') {
  // Every diagnosis, one per line: for review.
  for (const d of await diagnoses(args[1] ? new RegExp(args[1]) : undefined)) console.log(`${d.id}\t${d.confidence}\t${d.actor}\t${d.file}\t${d.recipients.join(' ')}\t${d.lead}`);
  process.exit(0);
}
if (args[0] === '--write-expected') {
  // After reviewing a change: the table test's expectations (fixtures/bounces/sisimai/expected.json).
  const { writeFileSync } = await import('node:fs');
  const table = await expected();
  const lines = Object.entries(table).map(([file, entry]) => `  ${JSON.stringify(file)}: ${JSON.stringify(entry)}`);
  writeFileSync(`${root}/fixtures/bounces/sisimai/expected.json`, `{\n${lines.join(',\n')}\n}\n`);
  console.log(`wrote ${lines.length} entries`);
  process.exit(0);
}
if (args[0] === '--agreement') {
  // Where a confident diagnosis and Sisimai's reason disagree: for review.
  const rows = await agreement(args[1] ? new RegExp(args[1]) : undefined);
  for (const r of rows.filter((x) => !x.agree)) console.log(`${r.file}\t${r.ids}\tsisimai: ${r.reasons}`);
  const decided = rows.filter((r) => r.ids !== 'unsure');
  console.log(`diagnosed ${decided.length}/${rows.length} (the rest unsure); agreeing with Sisimai's reason: ${decided.filter((r) => r.agree).length}/${decided.length}`);
  process.exit(0);
}
if (args[0] === '--show') {
  // The explanation of one corpus file (path relative to fixtures/bounces/sisimai), for looking at a miss.
  for (const file of args.slice(1)) {
    const e = await show(file);
    if (typeof e === 'string') console.log(`${file}: refused: ${e}`);
    else {
      console.log(`== ${file}: reported by ${e.facts.reportingServer ?? '-'} (${e.facts.reportedBy}), sender ${e.facts.sender ?? '-'}, kind ${e.facts.kind}`);
      for (const r of e.facts.recipients) console.log(`  recipient ${r.address} status=${r.status ?? '-'} reply=${r.reply ?? '-'} from=${r.statusFrom ?? '-'} found=${r.foundIn}`);
      for (const s of e.facts.statements) console.log(`  [${s.kind}${s.command ? ' ' + s.command : ''}] ${s.reply ?? '-'} ${s.statuses.join(',') || '-'} rcpt=${s.recipient ?? '-'} by=${s.saidBy}${s.server ? ' ' + s.server : ''} | ${s.text.slice(0, 110)}`);
      for (const d of e.diagnoses) console.log(`  => ${d.id} (${d.confidence}, ${d.actor}) ${d.recipients.join(' ')} | ${d.facts.join('; ')}`);
      for (const u of e.unrecognised) console.log(`  ?? ${u.code}: ${u.meaning}`);
      for (const n of e.facts.notes) console.log(`  note: ${n}`);
    }
  }
  process.exit(0);
}
const { score, readings, failures, slowest, actors } = await measure(pattern ? new RegExp(pattern) : undefined);
const pct = (a, b) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)}% (${a}/${b})`);
const ms = [...readings.values()].map((r) => r.ms).sort((a, b) => a - b);
const refused = [...readings.entries()].filter(([, r]) => !r.ok);
if (showMisses) for (const m of score.misses) console.log(`miss ${m.what.padEnd(9)} ${m.file}: expected ${m.expected}; got ${m.got}`);
for (const f of failures) console.log(`FAILED ${f}`);
for (const [f, r] of refused) console.log(`refused ${f}: ${r.reason}`);
console.log(`messages read: ${readings.size}, threw: ${failures.length}, refused: ${refused.length}`);
console.log(`failed recipient found: ${pct(score.recipientFound, score.withRecipient)}`);
console.log(`status code found:      ${pct(score.statusFound, score.withStatus)}`);
console.log(`reply code found:       ${pct(score.replyFound, score.withReply)}`);
console.log(`  loosely (anywhere in the message, any recipient): status ${pct(score.statusAnywhere, score.withStatus)}, reply ${pct(score.replyAnywhere, score.withReply)}`);
for (const u of actors.unshown) console.log(`actor without evidence: ${u}`);
console.log(`diagnoses naming Microsoft 365 or the hosting server: ${actors.named}; where the bounce shows neither: ${actors.unshown.length}`);
console.log(`time per message: median ${ms[Math.floor(ms.length / 2)]?.toFixed(1)} ms, max ${ms.at(-1)?.toFixed(1)} ms (${slowest.map(([f, t]) => `${f} ${t.toFixed(0)}`).join(', ')})`);
