// Table-driven autodiscover.* tests: each example world must get the contract's status for every listed check.
import { describe, expect, it } from 'vitest';
import { expectExplained, expectNoLeaks } from '../../helpers/invariants.js';
import { expectWording, messagesOf, runWorld, statusesOf, worldTitle } from '../../helpers/world.js';
import { AUTODISCOVER_ADVERSARIAL_WORLDS, AUTODISCOVER_WORLDS } from './worlds.js';

describe('autodiscover.* over example worlds', () => {
  for (const world of AUTODISCOVER_WORLDS) {
    it(worldTitle(world), async () => {
      const { byId } = await runWorld(world);
      expect(statusesOf(byId, world), messagesOf(byId, world)).toEqual(world.expect);
      expectWording(byId, world);
      expectExplained(byId);
    });
  }
});

describe('autodiscover.* over tricky zones', () => {
  for (const world of AUTODISCOVER_ADVERSARIAL_WORLDS) {
    it(worldTitle(world), async () => {
      const { byId } = await runWorld(world, { dnsTimeoutMs: 150 });
      expect(statusesOf(byId, world), messagesOf(byId, world)).toEqual(world.expect);
      expectWording(byId, world);
      expectNoLeaks(byId, Object.keys(world.expect));
    });
  }
});
