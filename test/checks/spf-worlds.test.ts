// Table-driven spf.* check tests: each world gets the contract's status, and the fix names the record to publish.
import { describe, expect, it } from 'vitest';
import { runWorld } from '../helpers/run-world.js';
import { SPF_WORLDS } from './spf-worlds.js';

describe('spf.* over example worlds', () => {
  for (const world of SPF_WORLDS) {
    it(world.name, async () => {
      const { byId } = await runWorld(world.domain, { zone: world.zone }, { input: world.input ?? {} });
      const got = Object.fromEntries(Object.keys(world.expect).map((id) => [id, byId[id]?.status]));
      expect(got, JSON.stringify(Object.fromEntries(Object.keys(world.expect).map((id) => [id, byId[id]?.message])), null, 1)).toEqual(world.expect);
      for (const [id, needles] of Object.entries(world.says ?? {})) {
        const text = `${byId[id]?.message}\n${byId[id]?.remedy ?? ''}`;
        for (const needle of needles) expect(text, id).toContain(needle);
      }
      for (const [id, needles] of Object.entries(world.never ?? {})) {
        const text = `${byId[id]?.message}\n${byId[id]?.remedy ?? ''}`;
        for (const needle of needles) expect(text, id).not.toContain(needle);
      }
      for (const f of Object.values(byId)) {
        expect(f.message).not.toMatch(/\{[a-zA-Z]+\}/);
        if (['warn', 'fail', 'error'].includes(f.status)) expect(f.remedy, f.id).toBeTruthy();
      }
    });
  }
});
