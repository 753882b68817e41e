// Table-driven tests of dmarc.record over example worlds on the loopback DNS server.
import { describe, expect, it } from 'vitest';
import { expectDkimDmarcExplained } from '../../helpers/invariants.js';
import { expectWorded, expectWording, messagesOf, runWorld, statusesOf, worldTitle } from '../../helpers/world.js';
import { DMARC_TRICKY_WORLDS } from './tricky-worlds.js';
import { DMARC_WORLDS } from './worlds.js';

describe('dmarc.record over example worlds', () => {
  for (const world of DMARC_WORLDS) {
    it(worldTitle(world), async () => {
      const { byId } = await runWorld(world);
      expect(statusesOf(byId, world), messagesOf(byId, world)).toEqual(world.expect);
      expectWording(byId, world);
      expectDkimDmarcExplained(byId);
    });
  }
});

describe('dmarc.record over tricky zones', () => {
  for (const world of DMARC_TRICKY_WORLDS) {
    it(worldTitle(world), async () => {
      const { byId, elapsedMs } = await runWorld(world);
      expect(statusesOf(byId, world), messagesOf(byId, world)).toEqual(world.expect);
      expectWording(byId, world, elapsedMs);
      expectWorded(byId);
    });
  }
});
