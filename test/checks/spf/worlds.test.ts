// Table-driven spf.* check tests: each world gets the contract's status, and the fix names the record to publish.
import { describe, expect, it } from 'vitest';
import { expectWorded, expectWording, messagesOf, runWorld, statusesOf, worldTitle } from '../../helpers/world.js';
import { SPF_TRICKY_WORLDS } from './tricky-worlds.js';
import { SPF_WORLDS } from './worlds.js';

describe('spf.* over example worlds', () => {
  for (const world of SPF_WORLDS) {
    it(worldTitle(world), async () => {
      const { byId } = await runWorld(world);
      expect(statusesOf(byId, world), messagesOf(byId, world)).toEqual(world.expect);
      expectWording(byId, world);
      expectWorded(byId);
    });
  }
});

describe('spf.* over tricky split-domain zones', () => {
  for (const world of SPF_TRICKY_WORLDS) {
    it(worldTitle(world), async () => {
      const { byId, elapsedMs } = await runWorld(world);
      expect(statusesOf(byId, world), messagesOf(byId, world)).toEqual(world.expect);
      expectWording(byId, world, elapsedMs);
      expectWorded(byId);
    });
  }
});
