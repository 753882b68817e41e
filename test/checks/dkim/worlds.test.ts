// Table-driven tests of dkim.m365 and dkim.hosting over example worlds on the loopback DNS server.
import { describe, expect, it } from 'vitest';
import { expectDkimDmarcExplained } from '../../helpers/invariants.js';
import { expectWorded, expectWording, messagesOf, runWorld, statusesOf, worldTitle } from '../../helpers/world.js';
import { DKIM_TRICKY_WORLDS } from './tricky-worlds.js';
import { DKIM_WORLDS } from './worlds.js';

describe('dkim.* over example worlds', () => {
  for (const world of DKIM_WORLDS) {
    it(worldTitle(world), async () => {
      const { byId } = await runWorld(world);
      expect(statusesOf(byId, world), messagesOf(byId, world)).toEqual(world.expect);
      expectWording(byId, world);
      expectDkimDmarcExplained(byId);
    });
  }
});

describe('dkim.* over tricky zones', () => {
  for (const world of DKIM_TRICKY_WORLDS) {
    it(worldTitle(world), async () => {
      const { byId, elapsedMs } = await runWorld(world);
      expect(statusesOf(byId, world), messagesOf(byId, world)).toEqual(world.expect);
      expectWording(byId, world, elapsedMs);
      expectWorded(byId);
    });
  }
});
