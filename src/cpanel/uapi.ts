// cPanel UAPI over HTTPS: the token in the Authorization header, the run's timeout, verified TLS, no redirects, a size cap.
//
// UAPI's HTTP interface: GET <cPanel>/execute/<Module>/<function>?<parameters>, authenticated with an API token as
// `Authorization: cpanel <user>:<token>` (cPanel, "Use an API Token"), answering JSON
// `{"status":1,"data":...,"errors":null,"messages":null,"metadata":{},"warnings":null}`; status 0 means the call
// failed and `errors` says why (api.docs.cpanel.net, UAPI "Return email accounts" list_pops, "Return mail exchanger
// records" list_mxs, "Return domain's forwarders" list_forwarders: `result.status` 1 success, 0 failed).
import https from 'node:https';
import { isIP } from 'node:net';
import { trustContext } from '../smtp/trust.js';
import { readCappedBody } from '../util/http-body.js';
import type { SmtpConnectHook } from '../smtp/types.js';
import { redactJson, redactText } from './redact.js';

/** The three UAPI functions of the contract (CHECKS.md, "Additions (second round)"), all in the Email module. */
export type UapiFunction = 'list_pops' | 'list_mxs' | 'list_forwarders';

/** A list of a large account's mailboxes is some hundred kilobytes; anything past this is refused unread. */
export const MAX_UAPI_BYTES = 16 * 1024 * 1024;

export type UapiOutcome =
  /** status 1: the call's `data` (scrubbed of the token), and cPanel's warnings if any. */
  | { outcome: 'ok'; data: unknown; warnings?: string[] }
  /** HTTP 401/403: the token (or the user, or the token's IP restriction) was refused. */
  | { outcome: 'refused'; status: number }
  /** status 0: cPanel ran the call and says why it failed, in its own words. */
  | { outcome: 'failed'; errors: string[] }
  /** The answer is not UAPI's JSON envelope: the URL is not cPanel (a login page, another service). */
  | { outcome: 'not-cpanel'; status: number; reason: string }
  /** Any other HTTP status; a redirect is reported with where it points, never followed. */
  | { outcome: 'http'; status: number; location?: string }
  | { outcome: 'too-large'; limit: number }
  | { outcome: 'timeout'; timeoutMs: number }
  | { outcome: 'certificate'; code: string; reason: string }
  | { outcome: 'network'; code: string; reason: string }
  /** Replay only: the evidence holds no answer to this call. */
  | { outcome: 'not-recorded' };

export interface UapiClientOptions {
  /** The normalized --cpanel-url (https, no trailing slash). */
  url: string;
  user: string;
  /** From SPLITCHECK_CPANEL_TOKEN only. Held in this closure; never returned, recorded or put in a message. */
  token: string;
  timeoutMs: number;
  /** --ca-file: trusted besides the system store and NODE_EXTRA_CA_CERTS (src/smtp/trust.ts). */
  extraCa?: string[];
  /** Where to really connect (tests and the demo route the cPanel host to loopback). */
  connect?: SmtpConnectHook;
}

export interface UapiClient {
  /** GET <url>/execute/Email/<fn>; never throws. */
  get(fn: UapiFunction, params?: Record<string, string>, signal?: AbortSignal): Promise<UapiOutcome>;
}

/** The request path of a call, as the evidence records it (no credentials ever appear in it). */
export function uapiPath(basePath: string, fn: UapiFunction, params: Record<string, string> = {}): string {
  const query = new URLSearchParams(params).toString();
  return `${basePath}/execute/Email/${fn}${query ? `?${query}` : ''}`;
}

const CERT_ERROR = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|INVALID_CA|ALTNAME|HOSTNAME_MISMATCH|PATH_LENGTH|INVALID_PURPOSE/;

class Timeout extends Error {}

/** UAPI's envelope, or why the answer is not one. */
function envelope(body: string, status: number, contentType: string | undefined, secrets: string[]): UapiOutcome {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    const what = contentType ? contentType.split(';')[0]!.trim() : 'no content type';
    return { outcome: 'not-cpanel', status, reason: `it answered ${what} that is not JSON, not UAPI's answer` };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return { outcome: 'not-cpanel', status, reason: "its JSON answer is not UAPI's envelope (an object with status, data and errors)" };
  }
  let e = json as Record<string, unknown>;
  // The form cPanel's API reference shows for every UAPI function (and `uapi --output=json` prints):
  // {"apiversion":3,"func":"list_pops","module":"Email","result":{"status":1,"data":[...],"errors":null,...}}.
  const result = e['result'];
  if (!('status' in e) && e['apiversion'] !== undefined && result !== null && typeof result === 'object' && !Array.isArray(result)) e = result as Record<string, unknown>;
  const errors = Array.isArray(e['errors']) ? e['errors'].map((x) => redactText(typeof x === 'string' ? x : JSON.stringify(x), secrets)) : [];
  if (e['status'] === 1 && 'data' in e) {
    const warnings = Array.isArray(e['warnings']) ? e['warnings'].map((x) => redactText(String(x), secrets)) : [];
    const data = redactJson(e['data'], secrets);
    // Data that quotes the token (or user:token) is no account's data: an echo, a proxy's or a broken server's. Its
    // strings would be judged with "[redacted]" in them (a short token can match inside an address), so it is not judged.
    if (data.hits > 0) return { outcome: 'not-cpanel', status, reason: 'its answer quotes the API token back inside the data, which cPanel never does' };
    return { outcome: 'ok', data: data.value, ...(warnings.length > 0 ? { warnings } : {}) };
  }
  if (e['status'] === 0 && 'errors' in e) return { outcome: 'failed', errors };
  return { outcome: 'not-cpanel', status, reason: "its JSON answer has no UAPI status (1 or 0) with data and errors" };
}

export function createUapiClient(options: UapiClientOptions): UapiClient {
  const base = new URL(options.url);
  const host = base.hostname.replace(/^\[|\]$/g, '');
  const port = Number(base.port || 443);
  const secureContext = trustContext(options.extraCa, 'TLSv1.2');
  // Whatever a server or Node says is scrubbed of these before it is kept: the token and the header value around it,
  // also as a URL carries them (a redirect's Location may hold them percent-encoded). Longest first.
  const plain = [`${options.user}:${options.token}`, options.token];
  const secrets = [...new Set([...plain, ...plain.map(encodeURIComponent)])].sort((a, b) => b.length - a.length);
  const authorization = `cpanel ${options.user}:${options.token}`;

  return {
    async get(fn, params = {}, signal) {
      const path = uapiPath(base.pathname.replace(/\/+$/, ''), fn, params);
      let timer: NodeJS.Timeout | undefined;
      let req: ReturnType<typeof https.request> | undefined;
      let timedOut = false;
      const onAbort = () => req?.destroy(new Error('aborted'));
      try {
        const routed = options.connect ? await options.connect({ host, port }) : undefined;
        const dial = routed ?? { host, port };
        return await new Promise<UapiOutcome>((resolve, reject) => {
          req = https.request({
            host: dial.host,
            port: dial.port,
            path,
            method: 'GET',
            // The certificate must be valid for the host the user named, whatever address is dialled.
            ...(isIP(host) === 0 ? { servername: host } : {}),
            headers: { host: base.host, authorization, accept: 'application/json', 'user-agent': 'splitcheck' },
            agent: false,
            ...(secureContext ? { secureContext } : {}),
          });
          timer = setTimeout(() => {
            timedOut = true;
            req?.destroy(new Timeout());
          }, options.timeoutMs);
          signal?.addEventListener('abort', onAbort, { once: true });
          if (signal?.aborted) onAbort();
          req.on('error', reject);
          req.on('response', (res) => {
            const status = res.statusCode ?? 0;
            if (status === 401 || status === 403) {
              res.resume();
              resolve({ outcome: 'refused', status });
              req?.destroy();
              return;
            }
            if (status !== 200) {
              // Redirects are not followed: a login page or another host would get the token next.
              const location = res.headers.location;
              res.resume();
              resolve({ outcome: 'http', status, ...(location ? { location: redactText(location, secrets).slice(0, 300) } : {}) });
              req?.destroy();
              return;
            }
            if (Number(res.headers['content-length']) > MAX_UAPI_BYTES) {
              resolve({ outcome: 'too-large', limit: MAX_UAPI_BYTES });
              req?.destroy();
              return;
            }
            const contentType = res.headers['content-type'];
            readCappedBody(
              res,
              MAX_UAPI_BYTES,
              (body) => resolve(body === undefined ? { outcome: 'too-large', limit: MAX_UAPI_BYTES } : envelope(body, status, contentType, secrets)),
              reject,
            );
          });
          req.end();
        });
      } catch (err) {
        if (timedOut || err instanceof Timeout) return { outcome: 'timeout', timeoutMs: options.timeoutMs };
        const code = String((err as NodeJS.ErrnoException).code ?? 'ERROR');
        const reason = redactText(err instanceof Error ? err.message : String(err), secrets);
        if (CERT_ERROR.test(code)) return { outcome: 'certificate', code, reason };
        return { outcome: 'network', code, reason };
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      }
    },
  };
}
