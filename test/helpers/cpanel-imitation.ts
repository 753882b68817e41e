// A cPanel UAPI imitation over HTTPS on loopback, written from cPanel's API documentation: each call answered as a world says.
import https from 'node:https';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the imitation received it. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

/** What to answer: a UAPI envelope (status 1 with data), a raw HTTP answer, or a behaviour. */
export type Answer =
  | { data: unknown; warnings?: unknown }
  | { status0: string[] | null }
  | { http: number; body?: string | Buffer; headers?: Record<string, string | number> }
  /** Never answers (the client's timeout must end it). */
  | { hang: true }
  /** Headers now, the body dribbled out a byte at a time every `everyMs`, for `totalMs`. */
  | { drip: { everyMs: number; totalMs: number } }
  /** An endless body without Content-Length (the client's size cap must end it). */
  | { endless: true }
  /** UAPI's envelope whose data and errors repeat the request's Authorization header (a hostile or broken server). */
  | { echoAuthorization: 'data' | 'errors' | 'warnings' | 'location' | 'html' };

export interface ImitationOptions {
  /** The certificate the server sends, leaf first, and its key. */
  tls: { key: string; cert: string };
  /** The account the token belongs to; any other Authorization header is answered 401, as cPanel does. */
  user: string;
  token: string;
  /** Answers per UAPI function (list_pops, list_mxs, list_forwarders); a missing one is answered as cPanel answers an unknown function. */
  answers: Partial<Record<string, Answer | ((query: URLSearchParams) => Answer)>>;
  /** Answer every request with this before checking the token (a proxy's login page, a redirect, a refusal). */
  before?: Answer;
}

export interface CpanelImitation {
  host: string;
  port: number;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/** The envelope UAPI wraps every answer in (api.docs.cpanel.net, "UAPI: return data"). */
function envelope(status: 0 | 1, data: unknown, errors: unknown, warnings: unknown = null): string {
  return JSON.stringify({ apiversion: 3, func: '', module: 'Email', status, data, errors, messages: null, metadata: { transformed: 1 }, warnings });
}

function send(res: ServerResponse, answer: Answer, authorization: string): void {
  if ('data' in answer) {
    res.writeHead(200, { 'content-type': 'application/json; charset="utf-8"' });
    res.end(envelope(1, answer.data, null, answer.warnings ?? null));
    return;
  }
  if ('status0' in answer) {
    res.writeHead(200, { 'content-type': 'application/json; charset="utf-8"' });
    res.end(envelope(0, null, answer.status0));
    return;
  }
  if ('http' in answer) {
    res.writeHead(answer.http, answer.headers ?? { 'content-type': 'text/html' });
    res.end(answer.body ?? '');
    return;
  }
  if ('hang' in answer) return;
  if ('drip' in answer) {
    res.writeHead(200, { 'content-type': 'application/json' });
    const started = Date.now();
    const timer = setInterval(() => {
      if (Date.now() - started > answer.drip.totalMs || res.destroyed) {
        clearInterval(timer);
        res.end('{}');
        return;
      }
      res.write(' ');
    }, answer.drip.everyMs);
    res.on('close', () => clearInterval(timer));
    return;
  }
  if ('endless' in answer) {
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', pump);
    };
    res.write('{"status":1,"data":[');
    pump();
    return;
  }
  const where = answer.echoAuthorization;
  if (where === 'location') {
    res.writeHead(302, { location: `https://login.example.invalid/?h=${authorization}` });
    res.end();
    return;
  }
  if (where === 'html') {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<html><body>Your header was ${authorization}</body></html>`);
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  if (where === 'errors') res.end(envelope(0, null, [`Access check for "${authorization}" failed`]));
  else if (where === 'warnings') res.end(envelope(1, [], null, [`header: ${authorization}`]));
  else res.end(envelope(1, [{ email: `${authorization}@example.invalid`, login: authorization, suspended_incoming: 0, suspended_login: 0, note: authorization }], null));
}

/** Starts the imitation on 127.0.0.1 (any port). */
export async function startCpanelImitation(options: ImitationOptions): Promise<CpanelImitation> {
  const requests: SeenRequest[] = [];
  const server = https.createServer({ key: options.tls.key, cert: options.tls.cert }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://imitation.invalid');
    requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
    const authorization = String(req.headers.authorization ?? '');
    if (options.before) return send(res, options.before, authorization);
    // cPanel answers a missing or wrong API token with 401 and a short HTML page.
    if (authorization !== `cpanel ${options.user}:${options.token}`) {
      res.writeHead(401, { 'content-type': 'text/html', 'www-authenticate': 'Basic realm="cPanel"' });
      res.end('<html><head><title>401 Access Denied</title></head><body>Access denied</body></html>');
      return;
    }
    const match = /^\/execute\/Email\/([a-z_]+)$/.exec(url.pathname);
    const found = match ? options.answers[match[1]!] : undefined;
    if (!found) {
      // An unknown function: UAPI answers status 0 naming it.
      send(res, { status0: [`Failed to load module "Email" function "${match?.[1] ?? url.pathname}".`] }, authorization);
      return;
    }
    send(res, typeof found === 'function' ? found(url.searchParams) : found, authorization);
  });
  server.on('clientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** list_pops as cPanel answers it: the account's mailboxes, and its system account (the cPanel user, no domain). */
export function listPops(user: string, addresses: readonly string[], suspended: readonly string[] = []): { data: unknown } {
  return {
    data: [
      ...addresses.map((email) => ({ email, login: email, suspended_incoming: suspended.includes(email) ? 1 : 0, suspended_login: 0 })),
      { email: user, login: 'Main Account', suspended_incoming: 0, suspended_login: 0 },
    ],
  };
}

/** list_mxs for one domain, with the fields Whostmgr::DNS::MX's fetchmx returns (mxcheck, detected, alwaysaccept, local/remote/secondary). */
export function listMxs(domain: string, mxcheck: 'local' | 'remote' | 'secondary' | 'auto', detected: string, mx: readonly [number | string, string][]): { data: unknown } {
  return {
    data: [
      {
        domain,
        mxcheck,
        detected,
        alwaysaccept: mxcheck === 'local' ? 1 : 0,
        local: detected === 'local' ? 1 : 0,
        remote: detected === 'remote' ? 1 : 0,
        secondary: detected === 'secondary' ? 1 : 0,
        mx: mx[0]?.[1] ?? '',
        statusmsg: 'Fetched MX List',
        entries: mx.map(([priority, name], i) => ({ domain, mx: name, priority, entrycount: i + 1, row: i % 2 === 0 ? 'odd' : 'even' })),
      },
    ],
  };
}

/** list_forwarders: one row per destination, with the html_ and uri_ forms cPanel adds. */
export function listForwarders(rows: readonly [string, string][]): { data: unknown } {
  return {
    data: rows.map(([dest, forward]) => ({
      dest,
      forward,
      html_dest: dest,
      html_forward: forward,
      uri_dest: encodeURIComponent(dest),
      uri_forward: encodeURIComponent(forward),
    })),
  };
}
