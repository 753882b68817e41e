// `node scripts/explain/written.mjs [regex]`: runs explain over fixtures/bounces/unseen/ and prints the rates and every difference from expected.json.
import { fileURLToPath } from 'node:url';
import { bundle } from '../lib/bundle.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pattern = process.argv[2] ? new RegExp(process.argv[2]) : undefined;
await bundle({ written: `${root}/test/explain/written-bounces-table.ts` }, `${root}/.bench/explain`, {});
const { loadWritten, judge } = await import(`${root}/.bench/explain/written.js`);
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
