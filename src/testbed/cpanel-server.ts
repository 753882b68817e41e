// A cPanel UAPI imitation over HTTPS on loopback: the documented answers of list_pops, list_mxs and list_forwarders, and the ways a server goes wrong.
//
// Answers follow api.docs.cpanel.net (UAPI "Return email accounts", "Return mail exchanger records", "Return domain's
// forwarders"): over HTTP, /execute/<Module>/<function> answers the `result` object of those pages directly,
// `{"status":1,"data":[...],"errors":null,"messages":null,"metadata":{...},"warnings":null}`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

export type CpanelRouting = 'local' | 'remote' | 'secondary' | 'auto';

/**
 * How the imitation misbehaves: `unauthorized`/`forbidden` (HTTP 401/403, as cpsrvd answers a refused token),
 * `status0` (UAPI's own failure with `errors`), `garbage` (a body that is not JSON), `html` (a login page with 200),
 * `not-envelope` (JSON that is not UAPI's), `slow` (answers after `slowMs`), `oversized` (a body past any sane cap),
 * `redirect` (302 to another host), `echo-token` (puts the Authorization header it got into its answer's rows, keys and
 * warnings, as a hostile server could; with `status0` and `errors` a test can put it into cPanel's errors too),
 * `server-error` (HTTP 500).
 */
export type CpanelMisbehaviour =
  | 'unauthorized'
  | 'forbidden'
  | 'status0'
  | 'garbage'
  | 'html'
  | 'not-envelope'
  | 'slow'
  | 'oversized'
  | 'redirect'
  | 'echo-token'
  | 'server-error';

export interface CpanelAccountWorld {
  user: string;
  token: string;
  /** Email accounts (full addresses); `suspendedIncoming` lists those that refuse incoming mail. */
  mailboxes: string[];
  suspendedIncoming?: string[];
  /** Email Routing per domain of the account; a domain not listed here is not the account's. */
  routing: Record<string, { mxcheck: CpanelRouting; detected?: CpanelRouting; mx?: { exchanger: string; priority: number }[] }>;
  /** Forwarders: each `dest` (address at one of the account's domains) to `forward` (where its mail goes). */
  forwarders?: { dest: string; forward: string }[];
  /** Misbehave on every call, or only on some. */
  misbehave?: CpanelMisbehaviour | Partial<Record<'list_pops' | 'list_mxs' | 'list_forwarders', CpanelMisbehaviour>>;
  /** The `errors` of a status-0 answer (default cPanel's wording for a missing feature). */
  errors?: string[];
  /** Delay of `slow` (default 5 s). */
  slowMs?: number;
}

export interface CpanelServerOptions {
  /** The certificate chain the server presents (leaf first) and its key. */
  tls: { key: string; cert: string };
  account: CpanelAccountWorld;
}

export interface CpanelRequest {
  method: string;
  path: string;
  /** Whether the Authorization header was exactly `cpanel <user>:<token>`. */
  authorized: boolean;
}

export interface RunningCpanelServer {
  port: number;
  /** Every request, in order (for "GET only", "no redirect followed", "the three calls of the contract"). */
  readonly requests: readonly CpanelRequest[];
  close(): Promise<void>;
}

const OK_META = { transformed: 1 };

function envelope(data: unknown): string {
  return JSON.stringify({ status: 1, data, errors: null, messages: null, metadata: OK_META, warnings: null });
}

function failure(errors: string[]): string {
  return JSON.stringify({ status: 0, data: null, errors, messages: null, metadata: {}, warnings: null });
}

function pops(account: CpanelAccountWorld): unknown[] {
  const suspended = new Set((account.suspendedIncoming ?? []).map((a) => a.toLowerCase()));
  // list_pops lists the account's own system mailbox too, named by the cPanel user alone.
  return [
    { email: account.user, login: account.user, suspended_incoming: 0, suspended_login: 0 },
    ...account.mailboxes.map((email) => ({ email, login: email, suspended_incoming: suspended.has(email.toLowerCase()) ? 1 : 0, suspended_login: 0 })),
  ];
}

function mxs(account: CpanelAccountWorld, domain: string | null): { ok: true; data: unknown[] } | { ok: false; errors: string[] } {
  const domains = domain === null ? Object.keys(account.routing) : [domain.toLowerCase()];
  const data: unknown[] = [];
  for (const d of domains) {
    const r = account.routing[d];
    if (!r) return { ok: false, errors: [`You do not control a domain named “${d}”.`] };
    const detected = r.detected ?? (r.mxcheck === 'auto' ? 'remote' : r.mxcheck);
    const entries = (r.mx ?? []).map((m, i) => ({ domain: d, mx: m.exchanger, priority: String(m.priority), entrycount: i + 1, row: i % 2 ? 'even' : 'odd' }));
    data.push({
      domain: d,
      mxcheck: r.mxcheck,
      detected,
      alwaysaccept: r.mxcheck === 'local' ? 1 : 0,
      local: detected === 'local' ? 1 : 0,
      remote: detected === 'remote' ? 1 : 0,
      secondary: detected === 'secondary' ? 1 : 0,
      mx: entries[0]?.mx ?? d,
      entries,
      status: 1,
      statusmsg: 'Fetched MX List',
    });
  }
  return { ok: true, data };
}

function forwarderRows(account: CpanelAccountWorld, domain: string | null): unknown[] {
  return (account.forwarders ?? [])
    .filter((f) => domain === null || f.dest.toLowerCase().endsWith(`@${domain.toLowerCase()}`))
    .map((f) => ({
      dest: f.dest,
      forward: f.forward,
      html_dest: f.dest,
      html_forward: f.forward,
      uri_dest: encodeURIComponent(f.dest),
      uri_forward: encodeURIComponent(f.forward),
    }));
}

type Fn = 'list_pops' | 'list_mxs' | 'list_forwarders';
type Res = ServerResponse;

const SERVER_HEADER = { server: 'cpsrvd/11.134.0.5' };

function sendJson(res: Res, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset="utf-8"', ...SERVER_HEADER });
  res.end(body);
}

/** An answer that never stops growing: written in pieces until the client hangs up (or 64 MiB). */
function sendEndless(res: Res): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"status":1,"data":[');
  const piece = `${JSON.stringify({ email: 'x@example.test', login: 'x', suspended_incoming: 0, suspended_login: 0 })},`.repeat(2000);
  let sent = 0;
  const pump = () => {
    while (sent < 64 * 1024 * 1024 && !res.destroyed) {
      sent += piece.length;
      if (!res.write(piece)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end('{}]}');
  };
  res.on('error', () => undefined);
  pump();
}

/** The ways of going wrong that answer before the call is looked at; true when one answered. */
function misbehave(how: CpanelMisbehaviour | undefined, account: CpanelAccountWorld, res: Res): boolean {
  switch (how) {
    case 'status0':
      sendJson(res, 200, failure(account.errors ?? ['This feature requires the “emailaccounts” feature. Contact your hosting provider.']));
      return true;
    case 'garbage':
      sendJson(res, 200, '\u0000\u00ff{"status":1, data:');
      return true;
    case 'html':
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!DOCTYPE html><html><body><form action="/login/">Log in</form></body></html>');
      return true;
    case 'not-envelope':
      sendJson(res, 200, JSON.stringify({ ok: true, items: [] }));
      return true;
    case 'server-error':
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Internal Server Error');
      return true;
    case 'redirect':
      res.writeHead(302, { location: 'https://login.elsewhere.test/?goto=/execute/Email' });
      res.end();
      return true;
    case 'oversized':
      sendEndless(res);
      return true;
    default:
      return false;
  }
}

/** The documented answer of a call (or the header echoed back in every field a client keeps, for `echo-token`). */
function answer(fn: Fn, account: CpanelAccountWorld, domain: string | null, how: CpanelMisbehaviour | undefined, authorization: string): string {
  if (how === 'echo-token') {
    const rows = [{ email: `${authorization}@${domain ?? 'example.test'}`, login: authorization, dest: authorization, forward: authorization, domain: domain ?? '', mxcheck: 'local', [authorization]: 1 }];
    return JSON.stringify({ status: 1, data: rows, errors: null, messages: null, metadata: {}, warnings: [`seen ${authorization}`] });
  }
  if (fn === 'list_pops') return envelope(pops(account));
  if (fn === 'list_forwarders') return envelope(forwarderRows(account, domain));
  const r = mxs(account, domain);
  return r.ok ? envelope(r.data) : failure(r.errors);
}

/** One request: authentication first (401/403 as cpsrvd answers a refused token), then the call. */
function handle(account: CpanelAccountWorld, requests: CpanelRequest[], timers: Set<NodeJS.Timeout>, req: IncomingMessage, res: Res): void {
  const url = new URL(req.url ?? '/', 'https://cpanel.invalid');
  const authorization = req.headers.authorization ?? '';
  const authorized = authorization === `cpanel ${account.user}:${account.token}`;
  requests.push({ method: req.method ?? '', path: `${url.pathname}${url.search}`, authorized });
  const fn = /^\/execute\/Email\/(list_pops|list_mxs|list_forwarders)$/.exec(url.pathname.replace(/^\/[^/]*(?=\/execute\/)/, ''))?.[1] as Fn | undefined;
  const how = typeof account.misbehave === 'string' ? account.misbehave : fn ? account.misbehave?.[fn] : undefined;
  if (!authorized || how === 'unauthorized') {
    res.writeHead(401, { 'content-type': 'text/html; charset="utf-8"', ...SERVER_HEADER });
    res.end('<html><head><title>401 Access denied</title></head><body><h1>Access denied</h1></body></html>');
    return;
  }
  if (how === 'forbidden') {
    res.writeHead(403, { 'content-type': 'text/plain', ...SERVER_HEADER });
    res.end('Token denied: the IP address is not allowed to use this token.');
    return;
  }
  if (req.method !== 'GET' || !fn) {
    sendJson(res, 200, failure([`The system could not find the function “${url.pathname}”.`]));
    return;
  }
  if (misbehave(how, account, res)) return;
  const body = answer(fn, account, url.searchParams.get('domain'), how, authorization);
  if (how !== 'slow') {
    sendJson(res, 200, body);
    return;
  }
  const timer = setTimeout(() => {
    timers.delete(timer);
    if (!res.destroyed) sendJson(res, 200, body);
  }, account.slowMs ?? 5000);
  timers.add(timer);
}

export async function startCpanelServer(options: CpanelServerOptions): Promise<RunningCpanelServer> {
  const requests: CpanelRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = https.createServer({ key: options.tls.key, cert: options.tls.cert }, (req, res) => handle(options.account, requests, timers, req, res));
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
