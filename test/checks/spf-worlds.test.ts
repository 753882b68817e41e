// Table-driven spf.* check tests: each world gets the contract's status, and the fix names the record to publish.
import { describe, it } from 'vitest';
import { expectWorld } from '../helpers/expect-world.js';
import { runWorld } from '../helpers/run-world.js';
import { SPF_WORLDS } from './spf-worlds.js';

describe('spf.* over example worlds', () => {
  for (const world of SPF_WORLDS) {
    it(world.name, async () => {
      const { byId } = await runWorld(world.domain, { zone: world.zone }, { input: world.input ?? {} });
      expectWorld(byId, world);
    });
  }
});
