// Fetches an MTA-STS policy over HTTPS (RFC 8461 §3.3): validated certificate, no redirects, a timeout and a size cap.
import https from 'node:https';
import { trustContext } from '../smtp/trust.js';
import { readCappedBody } from '../util/http-body.js';
import type { SmtpConnectHook } from '../smtp/types.js';

/** Policies are a few lines (RFC 8461 §3.2); anything bigger is refused unread, as senders cap it too. */
export const MAX_POLICY_BYTES = 64 * 1024;

export interface PolicyRequest {
  /** The policy domain: the policy is fetched from https://mta-sts.<domain>/.well-known/mta-sts.txt. */
  domain: string;
  /** The address of mta-sts.<domain> found with the run's resolver; absent: the OS resolves it. */
  address?: string;
  signal?: AbortSignal;
}

export type PolicyFetch = { url: string } & (
  | { outcome: 'ok'; status: number; contentType?: string; body: string }
  /** Any status but 200; a 3xx is never followed (RFC 8461 §3.3). */
  | { outcome: 'http'; status: number; location?: string }
  /** The certificate is not valid for mta-sts.<domain> (RFC 8461 §3.3: senders then have no policy). */
  | { outcome: 'certificate'; code: string; reason: string }
  | { outcome: 'too-large'; limit: number }
  | { outcome: 'timeout'; timeoutMs: number }
  /** Refused, reset, unreachable, TLS handshake failure: nothing decided about the policy. */
  | { outcome: 'network'; code: string; reason: string }
);

export type PolicyFetcher = (request: PolicyRequest) => Promise<PolicyFetch>;

export interface PolicyFetcherOptions {
  timeoutMs: number;
  /** --ca-file: trusted besides the system store and NODE_EXTRA_CA_CERTS (src/smtp/trust.ts). */
  extraCa?: string[];
  /** Test-only routing of mta-sts.<domain>:443 to loopback (SPLITCHECK_TEST_HTTPS_ROUTES). */
  connect?: SmtpConnectHook;
}

const CERT_ERROR = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|INVALID_CA|ALTNAME|HOSTNAME_MISMATCH|PATH_LENGTH|INVALID_PURPOSE/;

class Timeout extends Error {}

export function policyUrl(domain: string): string {
  return `https://mta-sts.${domain}/.well-known/mta-sts.txt`;
}

export function createPolicyFetcher(options: PolicyFetcherOptions): PolicyFetcher {
  const secureContext = trustContext(options.extraCa, 'TLSv1.2');
  return async (request) => {
    const host = `mta-sts.${request.domain}`;
    const url = policyUrl(request.domain);
    const routed = options.connect ? await options.connect({ host, port: 443, ...(request.address ? { address: request.address } : {}) }) : undefined;
    const dial = routed ?? { host: request.address ?? host, port: 443 };
    let timer: NodeJS.Timeout | undefined;
    let req: ReturnType<typeof https.request> | undefined;
    let timedOut = false;
    const onAbort = () => req?.destroy(new Error('aborted'));
    try {
      return await new Promise<PolicyFetch>((resolve, reject) => {
        req = https.request({
          host: dial.host,
          port: dial.port,
          path: '/.well-known/mta-sts.txt',
          method: 'GET',
          // The certificate must be valid for mta-sts.<domain> (RFC 8461 §3.3), whatever address is dialled.
          servername: host,
          headers: { host, 'user-agent': 'splitcheck', accept: 'text/plain' },
          agent: false,
          ...(secureContext ? { secureContext } : {}),
        });
        timer = setTimeout(() => {
          timedOut = true;
          req?.destroy(new Timeout());
        }, options.timeoutMs);
        request.signal?.addEventListener('abort', onAbort, { once: true });
        if (request.signal?.aborted) onAbort();
        req.on('error', reject);
        req.on('response', (res) => {
          const status = res.statusCode ?? 0;
          const contentType = res.headers['content-type'];
          if (status !== 200) {
            // RFC 8461 §3.3: "HTTP 3xx redirects MUST NOT be followed": the redirect is reported, not fetched.
            const location = res.headers.location;
            res.resume();
            resolve({ url, outcome: 'http', status, ...(location ? { location } : {}) });
            req?.destroy();
            return;
          }
          const declared = Number(res.headers['content-length']);
          if (declared > MAX_POLICY_BYTES) {
            req?.destroy();
            resolve({ url, outcome: 'too-large', limit: MAX_POLICY_BYTES });
            return;
          }
          readCappedBody(
            res,
            MAX_POLICY_BYTES,
            (body) =>
              resolve(
                body === undefined
                  ? { url, outcome: 'too-large', limit: MAX_POLICY_BYTES }
                  : { url, outcome: 'ok', status, ...(contentType ? { contentType } : {}), body },
              ),
            reject,
          );
        });
        req.end();
      });
    } catch (err) {
      if (timedOut || err instanceof Timeout) return { url, outcome: 'timeout', timeoutMs: options.timeoutMs };
      const code = String((err as NodeJS.ErrnoException).code ?? 'ERROR');
      const reason = err instanceof Error ? err.message : String(err);
      if (CERT_ERROR.test(code)) return { url, outcome: 'certificate', code, reason };
      return { url, outcome: 'network', code, reason };
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
    }
  };
}
