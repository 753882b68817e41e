// The list checks' items read from the evidence the real checks record: for each failing list check of a world, the items the
// baseline keys on are the ones its message names (so a change of a check's evidence shape cannot silently turn items off).
import { describe, expect, it } from 'vitest';
import { problemItems } from '../../src/baseline/items.js';
import { MX_WORLDS } from '../checks/mx/worlds.js';
import { pki, SCRIPTED_WORLDS } from '../checks/smarthost/scripted-worlds.js';
import { SPF_WORLDS } from '../checks/spf/worlds.js';
import { runWorld, type World } from '../helpers/world.js';

const pick = (worlds: World[], name: string) => {
  const world = worlds.find((w) => w.name === name);
  if (!world) throw new Error(`no world "${name}"`);
  return world;
};

const cases: [World, string, string[]][] = [
  [pick(MX_WORLDS, 'hosting MX left as a backup'), 'mx.no-bypass', ['mail.backup.com']],
  [pick(MX_WORLDS, 'MX target dangling'), 'mx.targets-resolve', []],
  [pick(SPF_WORLDS, SPF_WORLDS.find((w) => w.expect['spf.hosting-covered'] === 'fail' && w.expect['spf.syntax'] !== 'fail')!.name), 'spf.hosting-covered', []],
  [pick(SCRIPTED_WORLDS, 'RCPT 550 5.1.1 unknown user'), 'smarthost.accepts-mailbox', []],
];

describe('problem items from real findings', () => {
  it.each(cases.map(([w, id], i) => [w.name, id, i] as const))('%s: %s', async (_name, id, i) => {
    const [world, , expected] = cases[i]!;
    const run = await runWorld(world, { pkis: { default: pki } });
    const finding = run.byId[id]!;
    expect(finding.status).toBe('fail');
    const items = problemItems(id, finding.evidence);
    expect(items.length).toBeGreaterThan(0);
    // Each item is named in the message (lower-cased as keyed), and the expected ones are among them.
    for (const item of items) expect(finding.message.toLowerCase()).toContain(item);
    for (const item of expected) expect(items).toContain(item);
  });
});
