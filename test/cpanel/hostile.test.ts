// A cPanel that refuses, fails, is not cPanel, redirects, stalls, floods or echoes the token: every cPanel check is `error`
// with the reason, the run exits 3, nothing is followed, and the token appears in no output or evidence file.
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../../src/testbed/certs.js';
import { listForwarders, listMxs, listPops, type Answer } from '../helpers/cpanel-imitation.js';
import { CPANEL_HOST, everything, holdWorld, makePkis, replayWorld, runWorld, startWorld, type LoopbackWorld, type PkiSet } from '../helpers/inside-loopback.js';
import { DOMAIN, healthyTenant, healthyZone, MX, SMART_HOST, TENANT } from '../helpers/tenant.js';

const USER = 'fabrikam';
const TOKEN = 'Q3J7K1M9X2C5V8B4N6Z0L2H4G6F8D0S1';
/** A token as a shell or a regular expression would misread it (quotes, $( ), backslash, brackets, dots). */
const METACHARACTERS = `T0k$(id)\`;|&*.+?[]{}^\\"'<>%=#!~`;
const CPANEL = ['hosting.routing', 'mailboxes.duplicates', 'mailboxes.hosting-to-m365'] as const;
const ALL_ERROR = { 'hosting.routing': 'error', 'mailboxes.duplicates': 'error', 'mailboxes.hosting-to-m365': 'error' } as const;

let pkis: PkiSet;
let untrusted: TestPki;
beforeAll(async () => {
  pkis = await makePkis(SMART_HOST);
  untrusted = await createTestPki({ hostname: CPANEL_HOST });
});

const GOOD = {
  list_mxs: listMxs(DOMAIN, 'local', 'local', [[0, MX]]),
  list_pops: listPops(USER, ['bob@fabrikam.test']),
  list_forwarders: listForwarders([['ann.lee@fabrikam.test', `ann.lee@${TENANT}`]]),
};

function world(cpanel: Partial<NonNullable<LoopbackWorld['cpanel']>> & { before?: Answer }, extra: Partial<LoopbackWorld> = {}): LoopbackWorld {
  return {
    domain: DOMAIN,
    zone: healthyZone(),
    export: healthyTenant({ Recipients: [] }),
    cpanel: { user: USER, token: TOKEN, answers: GOOD, ...cpanel },
    only: CPANEL,
    args: ['--no-smtp'],
    timeoutMs: 1500,
    ...extra,
  };
}

/** Every request cPanel saw was one of the contract's three GETs, with the contract's header. */
function onlyTheContractsCalls(requests: { method: string; path: string; headers: Record<string, unknown> }[], token: string): void {
  for (const r of requests) {
    expect(r.method).toBe('GET');
    expect(r.path).toMatch(/^\/execute\/Email\/(list_pops|list_mxs\?domain=fabrikam\.test|list_forwarders\?domain=fabrikam\.test)$/);
    expect(r.headers['authorization']).toBe(`cpanel ${USER}:${token}`);
  }
}

describe('refusals and failures: error with the reason, exit 3, the token nowhere', () => {
  it('a wrong token (cPanel answers 401): "the token was refused"', () =>
    holdWorld(world({}, { token: 'WRONG0TOKEN0WRONG0TOKEN0WRONG000' }), pkis, { expect: ALL_ERROR, says: { 'hosting.routing': ['the token was refused', '401'] } }));
  it('a token with shell and regex metacharacters, refused: error, and it is in no output or evidence', async () => {
    const live = await holdWorld(world({ token: `${METACHARACTERS}right` }, { token: METACHARACTERS }), pkis, { expect: ALL_ERROR, says: { 'hosting.routing': ['the token was refused'] } }, 'bin');
    expect(everything(live)).not.toContain('T0k$(id)');
  });
  it('a token with metacharacters that cPanel accepts: the checks judge (and it is in no output or evidence)', () =>
    holdWorld(world({ token: METACHARACTERS }), pkis, { expect: { 'hosting.routing': 'pass', 'mailboxes.duplicates': 'pass', 'mailboxes.hosting-to-m365': 'pass' } }, 'main', (running) =>
      onlyTheContractsCalls(running.cpanel!.requests as never, METACHARACTERS),
    ));
  it('a short made-up token ("wrong"): sent, refused, error', () =>
    holdWorld(world({}, { token: 'wrong' }), pkis, { expect: ALL_ERROR, says: { 'hosting.routing': ['the token was refused'] } }));
  it('the token with the newline a file ends with (export SPLITCHECK_CPANEL_TOKEN="$(cat token.txt)" keeps a \\r): sent without it, the checks judge', () =>
    holdWorld(world({}, { token: `${TOKEN}\r\n` }), pkis, { expect: { 'hosting.routing': 'pass', 'mailboxes.duplicates': 'pass', 'mailboxes.hosting-to-m365': 'pass' } }, 'main', (running) =>
      onlyTheContractsCalls(running.cpanel!.requests as never, TOKEN),
    ));
  it('a token with a space, a control character or a colon (user:token pasted whole): exit 2 before anything is sent, not shown', async () => {
    for (const token of ['ABCD EFGH', 'ABCD\tEFGH', `${USER}:${TOKEN}`]) {
      const running = await startWorld(world({}, { token }), pkis);
      try {
        const r = await runWorld(running, 'main');
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/SPLITCHECK_CPANEL_TOKEN does not hold a cPanel API token/);
        expect(r.stderr).not.toContain('EFGH');
        expect(r.stderr).not.toContain(TOKEN);
        expect(running.cpanel!.requests).toHaveLength(0);
      } finally {
        await running.close();
      }
    }
  });
  it('403 for every call (a token limited to other IP addresses)', () =>
    holdWorld(world({ before: { http: 403, body: '<html>Forbidden</html>' } }), pkis, { expect: ALL_ERROR, says: { 'hosting.routing': ['the token was refused', '403'] } }));
  it('status 0 with errors: error quoting them', () =>
    holdWorld(world({ answers: { ...GOOD, list_mxs: { status0: ['You do not have the feature “emailrouting”.'] }, list_pops: { status0: ['The “Receive Mail” role is disabled.'] } } }), pkis, {
      expect: ALL_ERROR,
      says: { 'hosting.routing': ['emailrouting'], 'mailboxes.duplicates': ['Receive Mail'] },
    }));
  it('status 0 with errors null: error', () => holdWorld(world({ answers: { list_mxs: { status0: null }, list_pops: { status0: null }, list_forwarders: { status0: null } } }), pkis, { expect: ALL_ERROR }));
  it('HTTP 500: error', () => holdWorld(world({ before: { http: 500, body: 'Internal Server Error' } }), pkis, { expect: ALL_ERROR }));
});

describe('not cPanel: never a guess', () => {
  it("a login page answered 200 (a proxy's, or cPanel's own without the token)", () =>
    holdWorld(world({ before: { http: 200, body: '<!DOCTYPE html><html><head><title>cPanel Login</title></head><body><form action="/login/?login_only=1"></form></body></html>', headers: { 'content-type': 'text/html; charset=utf-8' } } }), pkis, {
      expect: ALL_ERROR,
      says: { 'hosting.routing': ['does not answer like cPanel'] },
    }));
  it('JSON that is not the UAPI envelope', () => holdWorld(world({ before: { http: 200, body: '{"ok":true,"items":[]}', headers: { 'content-type': 'application/json' } } }), pkis, { expect: ALL_ERROR }));
  it('the UAPI envelope with data of the wrong shape', () =>
    holdWorld(world({ answers: { list_mxs: { data: { domain: DOMAIN } }, list_pops: { data: [{ user: 'x' }] }, list_forwarders: { data: 'none' } } }), pkis, { expect: ALL_ERROR }));
});

describe('redirects are not followed', () => {
  it('302 to the login page of the same host: error naming it, and the login page is never asked', () =>
    holdWorld(world({ before: { http: 302, headers: { location: `https://${CPANEL_HOST}:2083/login/?goto_uri=%2Fexecute` } } }), pkis, { expect: ALL_ERROR, says: { 'hosting.routing': ['not followed'] } }, 'main', (running) => {
      expect(running.cpanel!.requests.every((r) => r.path.startsWith('/execute/Email/'))).toBe(true);
    }));
  it('301 to plain http on another host: error', () =>
    holdWorld(world({ before: { http: 301, headers: { location: 'http://cpanel.elsewhere.test/execute/Email/list_pops' } } }), pkis, { expect: ALL_ERROR }));
});

describe('slow and oversized answers end within the run', () => {
  it('a cPanel that never answers: error (timeout), the run still ends', () => holdWorld(world({ before: { hang: true } }), pkis, { expect: ALL_ERROR, says: { 'hosting.routing': ['did not answer'] } }));
  it('an answer dribbled a byte at a time past the timeout: error', () => holdWorld(world({ before: { drip: { everyMs: 100, totalMs: 6000 } } }), pkis, { expect: ALL_ERROR }));
  it('an endless answer: error (too large), read no further than the cap', () => holdWorld(world({ before: { endless: true } }), pkis, { expect: ALL_ERROR, says: { 'hosting.routing': ['larger than'] } }));
  it('a Content-Length of a gigabyte: error (too large) before reading it', () =>
    holdWorld(world({ before: { http: 200, headers: { 'content-type': 'application/json', 'content-length': 1_073_741_824 }, body: '' } }), pkis, { expect: ALL_ERROR }));
});

describe('the connection itself', () => {
  it('a certificate no trusted CA issued: error, and the token is never sent', () =>
    holdWorld(world({ tls: untrusted.leaves.good }), pkis, { expect: ALL_ERROR, says: { 'hosting.routing': ['does not verify'] } }, 'main', (running) => expect(running.cpanel!.requests).toHaveLength(0)));
  it('a trusted certificate for another name: error, the token never sent', () =>
    holdWorld(world({ tls: pkis.cpanel.leaves.wrongName }), pkis, { expect: ALL_ERROR }, 'main', (running) => expect(running.cpanel!.requests).toHaveLength(0)));
  it('port 2083 closed: error', () => holdWorld(world({}, { cpanelRoute: 'closed' }), pkis, { expect: ALL_ERROR, says: { 'hosting.routing': ['no connection'] } }));
});

describe('a server that echoes the Authorization header back', () => {
  for (const where of ['data', 'errors', 'warnings', 'location', 'html'] as const) {
    it(`in its ${where}: the token is in no output, no evidence file, and not in the replay`, async () => {
      const w = world({ before: { echoAuthorization: where } });
      const running = await startWorld(w, pkis);
      try {
        const live = await runWorld(running, 'bin');
        expect(live.code === 1 || live.code === 3 || live.code === 0).toBe(true);
        expect(everything(live)).not.toContain(TOKEN);
        // Echoed into the data, the answer is not judged (its addresses would hold "[redacted]"): every check is error.
        if (where === 'data') for (const id of CPANEL) expect(live.byId[id]?.status, id).toBe('error');
        else for (const f of Object.values(live.byId)) expect(['error', 'pass', 'fail']).toContain(f.status);
        const replay = await replayWorld(running, DOMAIN, CPANEL);
        expect(replay.code).toBe(live.code);
        expect(everything(replay)).not.toContain(TOKEN);
      } finally {
        await running.close();
      }
    });
  }
});
