// The README's CI recipes stay true to the Action: every input they pass exists, every input is documented, the nightly recipe's artifact round-trips.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = new URL('../../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');
const action = parse(readFileSync(new URL('action.yml', root), 'utf8')) as { inputs: Record<string, unknown>; outputs: Record<string, unknown> };

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string | number>;
}
const workflows = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)]
  .map((m) => parse(m[1]!) as { jobs?: Record<string, { steps: Step[] }> })
  .filter((w) => w.jobs !== undefined);
const actionSteps = workflows.flatMap((w) => Object.values(w.jobs!).flatMap((j) => j.steps)).filter((s) => /^your-org\/splitcheck@/.test(s.uses ?? ''));

describe('README: the Action', () => {
  it('the workflows use the Action with inputs it declares', () => {
    expect(actionSteps.length).toBeGreaterThanOrEqual(2);
    for (const step of actionSteps) for (const input of Object.keys(step.with ?? {})) expect(Object.keys(action.inputs)).toContain(input);
  });

  it('documents every input and output of action.yml', () => {
    for (const input of Object.keys(action.inputs)) expect(readme).toContain(`| \`${input}\` |`);
    for (const output of Object.keys(action.outputs)) expect(readme).toContain(`\`${output}\``);
  });

  it('the nightly recipe uploads the report it later downloads as the baseline', () => {
    const nightly = workflows.find((w) => Object.values(w.jobs!).some((j) => j.steps.some((s) => s.run?.includes('gh run download'))))!;
    const steps = Object.values(nightly.jobs!)[0]!.steps;
    const download = steps.find((s) => s.run?.includes('gh run download'))!;
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
    const check = steps.find((s) => s.uses?.startsWith('your-org/splitcheck@'))!;
    expect(download.run).toContain(`--name ${upload.with!['name']} --dir previous`);
    expect(download.run).toContain('--baseline previous/report.json');
    expect(upload.with!['path']).toBe(check.with!['report']);
    expect(String(check.with!['args'])).toContain(`\${{ steps.${download.id}.outputs.args }}`);
  });
});
