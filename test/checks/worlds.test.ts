// Table-driven check tests: each example world must get the contract's status for every listed check.
import { describe, expect, it } from 'vitest';
import { runWorld } from '../helpers/run-world.js';
import { WORLDS } from './worlds.js';

describe('mx.* and autodiscover.* over example worlds', () => {
  for (const world of WORLDS) {
    it(world.name, async () => {
      const { byId } = await runWorld(world.domain, { zone: world.zone }, world.input ? { input: world.input } : {});
      const got = Object.fromEntries(Object.keys(world.expect).map((id) => [id, byId[id]?.status]));
      expect(got).toEqual(world.expect);
      for (const finding of Object.values(byId)) {
        // Every non-pass carries a message, and every warn/fail/error says what to do.
        expect(finding.message.length).toBeGreaterThan(10);
        expect(finding.message).not.toMatch(/\{[a-zA-Z]+\}/);
        if (['warn', 'fail', 'error'].includes(finding.status)) {
          expect(finding.remedy, `${finding.id} remedy`).toBeTruthy();
          expect(finding.remedy).not.toMatch(/\{[a-zA-Z]+\}/);
        }
      }
    });
  }
});
