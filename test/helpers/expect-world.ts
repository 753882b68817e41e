// One assertion for table-driven worlds: the statuses expected, the words the findings must (not) say, remedies present.
import { expect } from 'vitest';
import type { Finding, Status } from '../../src/engine/types.js';

export interface WorldExpectation {
  expect: Record<string, Status>;
  /** Text the message or remedy of a check must contain. */
  says?: Record<string, string[]>;
  /** Text the message or remedy of a check must not contain. */
  never?: Record<string, string[]>;
}

export function expectWorld(byId: Record<string, Finding>, world: WorldExpectation): void {
  const got = Object.fromEntries(Object.keys(world.expect).map((id) => [id, byId[id]?.status]));
  const why = JSON.stringify(Object.fromEntries(Object.keys(world.expect).map((id) => [id, byId[id]?.message])), null, 1);
  expect(got, why).toEqual(world.expect);
  const text = (id: string) => `${byId[id]?.message}\n${byId[id]?.remedy ?? ''}`;
  for (const [id, needles] of Object.entries(world.says ?? {})) for (const needle of needles) expect(text(id), id).toContain(needle);
  for (const [id, needles] of Object.entries(world.never ?? {})) for (const needle of needles) expect(text(id), id).not.toContain(needle);
  for (const f of Object.values(byId)) {
    // Leftover template placeholders; SPF macros such as %{i} are record text, not placeholders.
    expect(`${f.message} ${f.remedy ?? ''}`, f.id).not.toMatch(/(?<!%)\{[a-zA-Z]+\}/);
    if (['warn', 'fail', 'error'].includes(f.status)) expect(f.remedy, `${f.id} remedy`).toBeTruthy();
  }
}
