// Differential test: splitcheck's reading of DKIM key records against Debian's Mail::DKIM and dkimpy verifying real signatures with them, on seeded records.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJsonOracle, type JsonOracle } from './harness/json-oracle.js';
import { makeKeyRecord, makeKeys, type KeyRecordCase, type SigningKey } from './harness/dkim-records.js';
import { claimed, CLAIMS, DEVIATIONS, splitcheckVerdict, type Outcome, type Verifier } from './harness/dkim-deviations.js';

const SEED = Number(process.env.DKIM_DIFF_SEED ?? 6376);
const CASES = Number(process.env.DKIM_DIFF_CASES ?? 1000);
const harness = (file: string): string => fileURLToPath(new URL(`./harness/${file}`, import.meta.url));
/** Debian's python3-dkim and libmail-dkim-perl install for the system interpreters, which may not be first on PATH. */
const PYTHON = '/usr/bin/python3';
const PERL = '/usr/bin/perl';

const MESSAGE = Buffer.from(
  'From: Alice <alice@example.com>\r\nTo: bob@example.org\r\nSubject: differential test\r\nDate: Mon, 01 Jan 2024 00:00:00 +0000\r\nMessage-ID: <dkim-diff@example.com>\r\n\r\nHello.\r\n',
);

let dkimpy: JsonOracle;
let mailDkim: JsonOracle;
let keys: SigningKey[];
/** The test message signed by dkimpy with each key (d=example.com, s=sel). */
const signed = new Map<string, string>();

beforeAll(async () => {
  // No skip: scripts/e2e/install.sh installs python3-dkim and libmail-dkim-perl, so a missing one fails here.
  [dkimpy, mailDkim] = await Promise.all([startJsonOracle(PYTHON, [harness('dkimpy-oracle.py')]), startJsonOracle(PERL, [harness('mail-dkim-oracle.pl')])]);
  keys = makeKeys();
  for (const key of keys) {
    const answer = await dkimpy.ask({ op: 'sign', message: MESSAGE.toString('base64'), algorithm: key.algorithm, privateKey: key.privateKey, selector: 'sel', domain: 'example.com' });
    if (typeof answer.message !== 'string') throw new Error(`dkimpy could not sign with ${key.name}: ${JSON.stringify(answer)}`);
    signed.set(key.name, answer.message);
  }
});

afterAll(async () => {
  await dkimpy?.close();
  await mailDkim?.close();
});

interface Compared {
  c: KeyRecordCase;
  ours: ReturnType<typeof splitcheckVerdict>;
  theirs: Record<Verifier, { result: Outcome; detail: string }>;
}

async function compare(c: KeyRecordCase): Promise<Compared> {
  const message = signed.get(c.key)!;
  const [py, pl] = await Promise.all([dkimpy.ask({ op: 'verify', message, record: c.text }), mailDkim.ask({ message, strings: c.strings })]);
  const read = (a: Record<string, unknown>) => ({ result: (a.result === 'pass' ? 'pass' : 'fail') as Outcome, detail: String(a.detail ?? a.result) });
  return { c, ours: splitcheckVerdict(c.text), theirs: { dkimpy: read(py), mailDkim: read(pl) } };
}

function describeCase({ c, ours, theirs }: Compared): string {
  return [
    `  case ${c.index} (key ${c.key}; ${c.mutations.join(', ') || 'unchanged'}): splitcheck ${ours.verdict} [${ours.codes.join(', ')}]`,
    `    Mail::DKIM ${theirs.mailDkim.result} (${theirs.mailDkim.detail}); dkimpy ${theirs.dkimpy.result} (${theirs.dkimpy.detail})`,
    `    record ${JSON.stringify(c.strings)}`,
  ].join('\n');
}

describe(`DKIM key records: splitcheck against Mail::DKIM and dkimpy, ${CASES} seeded records (seed ${SEED})`, () => {
  it('every verdict matches what the verifiers do, or the difference is a listed RFC 6376 deviation', async () => {
    const started = performance.now();
    const cases = Array.from({ length: CASES }, (_, i) => makeKeyRecord(SEED, i, keys));
    const results: Compared[] = [];
    for (let i = 0; i < cases.length; i += 20) results.push(...(await Promise.all(cases.slice(i, i + 20).map(compare))));

    const unexplained: string[] = [];
    const tally = new Map<string, number>();
    const count = (key: string) => tally.set(key, (tally.get(key) ?? 0) + 1);
    for (const r of results) {
      const { ours, theirs } = r;
      count(`splitcheck ${ours.verdict}`);
      for (const code of ours.codes) count(code);
      const problems: string[] = [];
      for (const verifier of ['mailDkim', 'dkimpy'] as const) {
        const got = theirs[verifier].result;
        const claim = claimed(ours, verifier);
        // Accepted keys must verify, cautioned ones where no claim says otherwise; a claim must hold.
        const expected = claim ?? (ours.verdict === 'reject' ? undefined : 'pass');
        if (expected === undefined || expected === got) continue;
        const deviation = DEVIATIONS.find((d) => d.applies(r.c, ours, verifier, got));
        if (deviation) count(`deviation ${deviation.id}`);
        else problems.push(`${verifier} ${got}, splitcheck ${claim ? `claims ${claim}` : ours.verdict}`);
      }
      // A rejected key must fail at one verifier at least, or the rejection needs an RFC clause.
      if (ours.verdict === 'reject' && theirs.mailDkim.result === 'pass' && theirs.dkimpy.result === 'pass') {
        const deviation = DEVIATIONS.find((d) => d.applies(r.c, ours, 'mailDkim', 'pass') || d.applies(r.c, ours, 'dkimpy', 'pass'));
        if (deviation) count(`deviation ${deviation.id}`);
        else problems.push('both verifiers pass a key splitcheck rejects');
      }
      if (problems.length > 0) unexplained.push(`${problems.join('; ')}\n${describeCase(r)}`);
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `dkim-differential: Mail::DKIM ${String(mailDkim.hello.version)}, dkimpy ${String(dkimpy.hello.version)}, ${CASES} records in ${seconds} s; ${JSON.stringify(Object.fromEntries([...tally].sort()))}`,
    );
    expect(unexplained, `${unexplained.length} unexplained disagreement(s):\n${unexplained.join('\n')}`).toEqual([]);
    // The generator must keep reaching each kind of verdict and most claims, or the comparison says little.
    for (const verdict of ['accept', 'caution', 'reject']) expect(tally.get(`splitcheck ${verdict}`) ?? 0, verdict).toBeGreaterThan(0);
    const reached = new Set(results.flatMap((r) => r.ours.codes));
    const unreached = Object.keys(CLAIMS).filter((code) => !reached.has(code));
    expect(unreached, 'claims no generated record exercised').toEqual([]);
  });
});
