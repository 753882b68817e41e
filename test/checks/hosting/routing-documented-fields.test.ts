// hosting.routing on a list_mxs answer with only the fields UAPI documents (alwaysaccept, detected, domain, entries): no mxcheck.
import { describe, expect, it } from 'vitest';
import { hostingRouting } from '../../../src/checks/hosting/routing.js';
import { judge, ok } from '../m365/inside-world.js';

const answer = (row: Record<string, unknown>) => ({ mxs: ok([{ domain: 'example.test', entries: [{ domain: 'example.test', mx: 'example-test.mail.protection.outlook.com', priority: 0 }], ...row }]) });

describe('hosting.routing without mxcheck', () => {
  const TABLE: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ['detected remote, alwaysaccept 0: fail (relay refused now)', { detected: 'remote', alwaysaccept: 0 }, 'fail', /Remote Mail Exchanger, as cPanel reports the routing in effect.*not permitted to relay/],
    ['detected secondary: fail (loop)', { detected: 'secondary', alwaysaccept: 0 }, 'fail', /Backup Mail Exchanger, as cPanel reports the routing in effect.*5\.4\.14/],
    ['detected auto: warn', { detected: 'auto', alwaysaccept: 0 }, 'warn', /Automatically Detect Configuration/],
    ['detected local with alwaysaccept 0: Automatic resolving to Local, warn', { detected: 'local', alwaysaccept: 0 }, 'warn', /now treats it as Local Mail Exchanger/],
    ['detected local, alwaysaccept 1: pass', { detected: 'local', alwaysaccept: 1 }, 'pass', /locally/],
    ['detected local alone: pass, saying it is the routing in effect', { detected: 'local' }, 'pass', /Local Mail Exchanger, as cPanel reports the routing in effect/],
  ];
  for (const [name, row, status, message] of TABLE) {
    it(name, async () => {
      const f = await judge(hostingRouting, { cpanel: answer(row) });
      expect(f.status, f.message).toBe(status);
      expect(f.message).toMatch(message);
    });
  }

  it('mxcheck, when present, still decides over detected', async () => {
    expect((await judge(hostingRouting, { cpanel: answer({ mxcheck: 'auto', detected: 'remote', alwaysaccept: 0 }) })).status).toBe('warn');
  });
});
