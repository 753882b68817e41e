// Table-driven m365.internal-relay tests: what the Microsoft MX answers (on loopback behind a connect hook) and the status every SMTP check must give.
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../../../src/testbed/certs.js';
import { expectSmtpExplained } from '../../helpers/invariants.js';
import { expectWording, messagesOf, runWorld, statusesOf, worldTitle } from '../../helpers/world.js';
import { M365_WORLDS } from './worlds.js';

let pkis: { default: TestPki };
beforeAll(async () => {
  pkis = { default: await createTestPki({ hostname: 'mail.example.test', wrongName: 'server.hosting.test' }) };
});

describe('m365.internal-relay over SMTP worlds', () => {
  for (const world of M365_WORLDS) {
    it(worldTitle(world), async () => {
      const run = await runWorld(world, { pkis });
      expect(statusesOf(run.byId, world), messagesOf(run.byId, world)).toEqual(world.expect);
      expectWording(run.byId, world);
      expectSmtpExplained(run);
    });
  }
});
