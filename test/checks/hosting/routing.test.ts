// hosting.routing: cPanel's Email Routing for the domain, from list_mxs, and every way reading cPanel can fail.
import { describe, expect, it } from 'vitest';
import { hostingRouting } from '../../../src/checks/hosting/routing.js';
import { judge, mxs, ok, type CpanelAnswers } from '../m365/inside-world.js';

const TABLE: Array<{ name: string; answers: CpanelAnswers; status: string; message: RegExp; remedy?: RegExp }> = [
  { name: 'Local: pass', answers: { mxs: mxs('local') }, status: 'pass', message: /routes mail for example\.test locally \(Local Mail Exchanger\)/ },
  {
    name: 'Remote: fail (relay refused), with the cPanel path',
    answers: { mxs: mxs('remote') },
    status: 'fail',
    message: /Remote Mail Exchanger.*not permitted to relay/,
    remedy: /cPanel → Email → Email Routing → example\.test → Local Mail Exchanger/,
  },
  { name: 'Backup: fail (loop)', answers: { mxs: mxs('secondary') }, status: 'fail', message: /Backup Mail Exchanger.*5\.4\.14/ },
  { name: 'Automatic, resolving to Remote today: warn, saying what it does now', answers: { mxs: mxs('auto', 'remote') }, status: 'warn', message: /now treats it as Remote Mail Exchanger: relayed mail .*refused/ },
  { name: 'Automatic, resolving to Local today: warn', answers: { mxs: mxs('auto', 'local') }, status: 'warn', message: /now treats it as Local Mail Exchanger \(mail relayed from Microsoft 365 is delivered today\)/ },
  { name: 'alwaysaccept 1 without mxcheck is Local', answers: { mxs: ok([{ domain: 'example.test', alwaysaccept: 1, detected: 'local', entries: [] }]) }, status: 'pass', message: /locally/ },
  { name: 'an answer with neither mxcheck, alwaysaccept nor detected: error, not a guess', answers: { mxs: ok([{ domain: 'example.test', entries: [] }]) }, status: 'error', message: /no Email Routing setting for example\.test/ },
  { name: 'the domain missing from the answer: error', answers: { mxs: ok([{ domain: 'other.test', mxcheck: 'local' }]) }, status: 'error', message: /without example\.test/ },
  { name: 'data that is no list: error', answers: { mxs: ok({ domain: 'example.test' }) }, status: 'error', message: /data that is not a list/ },
  { name: 'the token refused: error "the token was refused"', answers: { mxs: { outcome: 'refused', status: 401 } }, status: 'error', message: /the token was refused \(cPanel at https:\/\/cpanel\.example\.test:2083 answered HTTP 401 for the user exampleuser\)/, remedy: /Manage API Tokens.*SPLITCHECK_CPANEL_TOKEN/ },
  { name: "status 0: error quoting cPanel's errors", answers: { mxs: { outcome: 'failed', errors: ['You do not control a domain named “example.test”.'] } }, status: 'error', message: /answered Email::list_mxs for example\.test with an error: "You do not control a domain named “example\.test”\."/ },
  { name: 'not cPanel: error, never a guess', answers: { mxs: { outcome: 'not-cpanel', status: 200, reason: 'it answered text/html that is not JSON, not UAPI\'s answer' } }, status: 'error', message: /does not answer like cPanel \(it answered text\/html/ },
  { name: 'a redirect: error, not followed', answers: { mxs: { outcome: 'http', status: 302, location: 'https://elsewhere.test/' } }, status: 'error', message: /HTTP 302 \(a redirect to https:\/\/elsewhere\.test\/, not followed\)/ },
  { name: 'a timeout: error', answers: { mxs: { outcome: 'timeout', timeoutMs: 3000 } }, status: 'error', message: /did not answer .* within 3000 ms/ },
  { name: 'an unverifiable certificate: error', answers: { mxs: { outcome: 'certificate', code: 'DEPTH_ZERO_SELF_SIGNED_CERT', reason: 'self-signed certificate' } }, status: 'error', message: /only over verified TLS/ },
  { name: 'not in the evidence (replay): error', answers: {}, status: 'error', message: /holds no answer of cPanel to Email::list_mxs/ },
];

describe('hosting.routing', () => {
  for (const t of TABLE) {
    it(t.name, async () => {
      const f = await judge(hostingRouting, { cpanel: t.answers });
      expect(f.status, f.message).toBe(t.status);
      expect(f.message).toMatch(t.message);
      if (t.remedy) expect(f.remedy).toMatch(t.remedy);
    });
  }

  it('without cPanel: skip, naming the flags and the variable', async () => {
    const f = await judge(hostingRouting, {});
    expect(f.status).toBe('skip');
    expect(f.message).toMatch(/--cpanel-url .* --cpanel-user .*SPLITCHECK_CPANEL_TOKEN/);
  });
});
