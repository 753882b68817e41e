// UAPI answers in the form cPanel's API reference prints them ({"apiversion":3,"func":...,"module":...,"result":{...}}):
// read like the bare envelope, status 1 and status 0 alike; anything else in that shape is still not cPanel.
import { beforeAll, describe, expect, it } from 'vitest';
import { listForwarders, listMxs, listPops, type Answer } from '../helpers/cpanel-imitation.js';
import { holdWorld, makePkis, type PkiSet } from '../helpers/inside-loopback.js';
import { DOMAIN, healthyTenant, healthyZone, MX, SMART_HOST, TENANT } from '../helpers/tenant.js';

const USER = 'fabrikam';
const TOKEN = 'R3F3R3NC3F0RMW0RLD7K2M9X4C6V8B1N';
let pkis: PkiSet;
beforeAll(async () => {
  pkis = await makePkis(SMART_HOST);
});

/** The reference's form of an answer: the envelope under `result`, beside apiversion, func and module. */
function wrapped(func: string, envelope: Record<string, unknown>): Answer {
  return { http: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiversion: 3, func, module: 'Email', result: { errors: null, messages: null, metadata: {}, warnings: null, ...envelope } }) };
}

function world(answers: Record<string, Answer>) {
  return {
    domain: DOMAIN,
    zone: healthyZone(),
    export: healthyTenant(),
    cpanel: { user: USER, token: TOKEN, answers },
    only: ['hosting.routing', 'mailboxes.duplicates', 'mailboxes.hosting-to-m365'],
    args: ['--no-smtp'],
  };
}

const forwards = listForwarders([
  [`ann.lee@${DOMAIN}`, `ann.lee@${TENANT}`],
  [`info@${DOMAIN}`, `info@${TENANT}`],
  [`sales@${DOMAIN}`, `sales@${TENANT}`],
]);

describe("UAPI answers in the API reference's form", () => {
  it('status 1 under result: read, the checks judge', () =>
    holdWorld(
      world({
        list_mxs: wrapped('list_mxs', { status: 1, data: listMxs(DOMAIN, 'remote', 'remote', [[0, MX]]).data }),
        list_pops: wrapped('list_pops', { status: 1, data: listPops(USER, [`bob@${DOMAIN}`, `info@${DOMAIN}`]).data }),
        list_forwarders: wrapped('list_forwarders', { status: 1, data: forwards.data }),
      }),
      pkis,
      { expect: { 'hosting.routing': 'fail', 'mailboxes.duplicates': 'fail', 'mailboxes.hosting-to-m365': 'pass' } },
    ));

  it("status 0 under result: error quoting cPanel's errors", () =>
    holdWorld(
      world({
        list_mxs: wrapped('list_mxs', { status: 0, data: null, errors: ['The “Receive Mail” role is not enabled.'] }),
        list_pops: wrapped('list_pops', { status: 1, data: listPops(USER, []).data }),
        list_forwarders: wrapped('list_forwarders', { status: 1, data: [] }),
      }),
      pkis,
      { expect: { 'hosting.routing': 'error', 'mailboxes.duplicates': 'pass', 'mailboxes.hosting-to-m365': 'fail' }, says: { 'hosting.routing': ['Receive Mail'] } },
    ));

  it('a result without apiversion, or a result that is no envelope: still not cPanel', async () => {
    const bare = { http: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ result: { status: 1, data: [] } }) } as Answer;
    const empty = { http: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiversion: 3, result: { ok: true } }) } as Answer;
    for (const a of [bare, empty]) {
      await holdWorld(world({ list_mxs: a, list_pops: a, list_forwarders: a }), pkis, {
        expect: { 'hosting.routing': 'error', 'mailboxes.duplicates': 'error', 'mailboxes.hosting-to-m365': 'error' },
        says: { 'hosting.routing': ['does not answer like cPanel'] },
      });
    }
  });
});
