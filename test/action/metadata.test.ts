// action.yml against the Action metadata JSON Schema (SchemaStore's, vendored with its licence), plus what the schema cannot say.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = new URL('../../', import.meta.url);
const schema = JSON.parse(readFileSync(new URL('test/action/vendor/github-action.schema.json', root), 'utf8')) as object;
const text = readFileSync(new URL('action.yml', root), 'utf8');
const action = parse(text) as {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: { id?: string; run?: string; uses?: string; shell?: string; env?: Record<string, string> }[] };
};

describe('action.yml', () => {
  it('is valid against the GitHub Action metadata schema', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const valid = validate(action);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema is not a rubber stamp: it refuses a broken action.yml', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const broken = structuredClone(action) as Record<string, unknown>;
    (broken['runs'] as Record<string, unknown>)['using'] = 'docker-compose';
    expect(validate(broken)).toBe(false);
    expect(validate({ ...action, inputs: { domains: { required: false } } })).toBe(false);
  });

  it('is a composite action with no Docker, every run step in bash, the inputs reaching the scripts only through env', () => {
    expect(action.runs.using).toBe('composite');
    for (const step of action.runs.steps) expect(step.uses ?? '').not.toMatch(/^docker:/);
    for (const step of action.runs.steps.filter((s) => s.run !== undefined)) {
      expect(step.shell).toBe('bash');
      // An expression pasted into a script would let a domain or an argument run as code.
      expect(step.run).not.toContain('${{');
    }
    expect(Object.keys(action.inputs).sort()).toEqual(['args', 'config', 'domains', 'fail-on', 'node-version', 'report']);
    expect(action.inputs['fail-on']?.default).toBe('fail');
    expect(Object.keys(action.outputs).sort()).toEqual(['exit-code', 'report']);
    for (const output of Object.values(action.outputs)) expect(output.value).toMatch(/^\$\{\{ steps\.check\.outputs\.[a-z-]+ \}\}$/);
  });
});
