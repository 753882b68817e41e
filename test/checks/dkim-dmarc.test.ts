// Table-driven tests of dkim.m365, dkim.hosting and dmarc.record over example worlds on the loopback DNS server.
import { describe, expect, it } from 'vitest';
import { runWorld } from '../helpers/run-world.js';
import { DKIM_DMARC_WORLDS } from './dkim-dmarc-worlds.js';

const IDS = ['dkim.m365', 'dkim.hosting', 'dmarc.record'] as const;

describe('dkim.* and dmarc.record over example worlds', () => {
  for (const world of DKIM_DMARC_WORLDS) {
    it(world.name, async () => {
      const { byId } = await runWorld(world.domain, { zone: world.zone }, world.input ? { input: world.input } : {});
      const got = Object.fromEntries(Object.keys(world.expect).map((id) => [id, byId[id]?.status]));
      expect(got).toEqual(world.expect);
      for (const [id, needles] of Object.entries(world.mentions ?? {})) {
        const finding = byId[id]!;
        for (const needle of needles) {
          if (needle.startsWith('remedy:')) expect(finding.remedy, `${id} remedy`).toContain(needle.slice('remedy:'.length));
          else expect(finding.message, `${id} message`).toContain(needle);
        }
      }
      for (const id of IDS) {
        const finding = byId[id]!;
        // Every finding is worded without leftover placeholders; every non-pass carries what was seen and what to do.
        expect(finding.message.length).toBeGreaterThan(20);
        expect(`${finding.message} ${finding.remedy ?? ''}`).not.toMatch(/\{[a-zA-Z]+\}/);
        if (finding.status !== 'pass' && finding.status !== 'skip') {
          expect(finding.remedy, `${id} remedy`).toBeTruthy();
          expect(finding.observed?.length ?? 0, `${id} observed`).toBeGreaterThan(0);
        }
      }
    });
  }
});
