// `node scripts/explain/corpus.mjs [regex] [--misses]`: runs explain over the vendored bounce corpus and prints the rates against Sisimai's reading.
import { fileURLToPath } from 'node:url';
import { bundle } from '../lib/bundle.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);
const showMisses = args.includes('--misses');
const pattern = args.find((a) => !a.startsWith('--'));
await bundle({ corpus: `${root}/scripts/explain/corpus-entry.ts` }, `${root}/.bench/explain`, {});
const { measure } = await import(`${root}/.bench/explain/corpus.js`);
const { score, readings, failures, slowest } = await measure(pattern ? new RegExp(pattern) : undefined);
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
console.log(`time per message: median ${ms[Math.floor(ms.length / 2)]?.toFixed(1)} ms, max ${ms.at(-1)?.toFixed(1)} ms (${slowest.map(([f, t]) => `${f} ${t.toFixed(0)}`).join(', ')})`);
