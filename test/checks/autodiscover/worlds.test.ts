// Table-driven autodiscover.* tests: each example world must get the contract's status for every listed check.
import { describe, it } from 'vitest';
import { expectExplained, expectNoLeaks } from '../../helpers/invariants.js';
import { expectWorld, runWorld, worldTitle } from '../../helpers/world.js';
import { AUTODISCOVER_ADVERSARIAL_WORLDS, AUTODISCOVER_WORLDS } from './worlds.js';

describe('autodiscover.* over example worlds', () => {
  for (const world of AUTODISCOVER_WORLDS) {
    it(worldTitle(world), async () => {
      const { byId } = await runWorld(world);
      expectWorld(byId, world);
      expectExplained(byId);
    });
  }
});

describe('autodiscover.* over tricky zones', () => {
  for (const world of AUTODISCOVER_ADVERSARIAL_WORLDS) {
    it(worldTitle(world), async () => {
      const { byId } = await runWorld(world, { dnsTimeoutMs: 150 });
      expectWorld(byId, world);
      expectNoLeaks(byId, Object.keys(world.expect));
    });
  }
});
