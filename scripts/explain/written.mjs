// `node scripts/explain/written.mjs [regex]`: runs explain over fixtures/bounces/unseen/ and prints the rates and every difference from expected.json.
import { fileURLToPath } from 'node:url';
import { bundle } from '../lib/bundle.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);
await bundle({ written: `${root}/test/explain/written-bounces-table.ts` }, `${root}/.bench/explain`, {});
const { loadWritten, judge } = await import(`${root}/.bench/explain/written.js`);
if (args[0] === '--show') {
  // What explain read from one written bounce, for looking at a difference.
  for (const row of loadWritten().filter((r) => args.slice(1).includes(r.file))) {
    const e = (await judge(row)).explanation;
    if (!e) continue;
    console.log(`== ${row.file}: reported by ${e.facts.reportingServer ?? '-'} (${e.facts.reportedBy}), sender ${e.facts.sender ?? '-'}, from ${e.facts.from ?? '-'}, kind ${e.facts.kind}`);
    for (const r of e.facts.recipients) console.log(`  recipient ${r.address} status=${r.status ?? '-'} reply=${r.reply ?? '-'} from=${r.statusFrom ?? '-'} found=${r.foundIn}`);
    for (const s of e.facts.statements) console.log(`  [${s.kind}${s.command ? ' ' + s.command : ''}] ${s.reply ?? '-'}${s.nestedReply ? '/' + s.nestedReply : ''} ${s.statuses.join(',') || '-'} rcpt=${s.recipient ?? '-'} by=${s.saidBy}${s.server ? ' ' + s.server : ''}${s.target ? ' target=' + s.target : ''} | ${s.text.slice(0, 140)}`);
    for (const d of e.diagnoses) console.log(`  => ${d.id} (${d.confidence}, ${d.actor}) ${d.recipients.join(' ')} | ${d.facts.join('; ')}`);
    for (const u of e.unrecognised) console.log(`  ?? ${u.code}: ${u.meaning}`);
    console.log(`  microsoft: ${e.facts.microsoftEvidence.join('; ') || '-'} | hosting: ${e.facts.hostingEvidence.join('; ') || '-'}`);
    for (const n of e.facts.notes) console.log(`  note: ${n}`);
  }
  process.exit(0);
}
const pattern = args[0] ? new RegExp(args[0]) : undefined;
const t = { recipients: 0, recipientsFound: 0, statuses: 0, statusesFound: 0, replies: 0, repliesFound: 0 };
let rows = 0;
let diagnosed = 0;
let actorBad = 0;
let typicalBad = 0;
const ms = [];
for (const row of loadWritten()) {
  if (pattern && !pattern.test(row.file)) continue;
  rows += 1;
  const v = await judge(row);
  ms.push([v.ms, row.file]);
  for (const k of Object.keys(t)) t[k] += v.counts[k];
  const misses = [...v.recipientMisses, ...v.statusMisses, ...v.replyMisses, ...(v.diagnosisMiss ? [v.diagnosisMiss] : []), ...v.actorMisses];
  if (v.refused) misses.unshift(`refused: ${v.refused}`);
  if (!v.diagnosisMiss && !v.refused) diagnosed += 1;
  if (v.actorMisses.length > 0) actorBad += 1;
  if (row.typical && misses.length > 0) typicalBad += 1;
  if (misses.length > 0) console.log(`${row.file}${row.typical ? ` [${row.typical}]` : ''}\n  ${misses.join('\n  ')}`);
}
const pct = (a, b) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)}% (${a}/${b})`);
ms.sort((a, b) => b[0] - a[0]);
console.log(`bounces: ${rows}`);
console.log(`failed recipient found: ${pct(t.recipientsFound, t.recipients)}`);
console.log(`status code right:      ${pct(t.statusesFound, t.statuses)}`);
console.log(`reply code right:       ${pct(t.repliesFound, t.replies)}`);
console.log(`diagnosis as expected:  ${pct(diagnosed, rows)}`);
console.log(`bounces with an actor named that the bounce does not show (or the expected one missing): ${actorBad}`);
console.log(`issue 12's typical errors still wrong: ${typicalBad}`);
console.log(`slowest: ${ms.slice(0, 3).map(([m, f]) => `${f} ${m.toFixed(1)} ms`).join(', ')}; median ${ms[Math.floor(ms.length / 2)]?.[0].toFixed(2)} ms`);
