// The cPanel account to read (--cpanel-url, --cpanel-user, SPLITCHECK_CPANEL_TOKEN), checked before anything is sent.

/** The environment variable the API token is read from: never a flag or a config key (CHECKS.md). */
export const CPANEL_TOKEN_ENV = 'SPLITCHECK_CPANEL_TOKEN';

export interface CpanelAccount {
  /** The cPanel base URL as given, normalized: https, no trailing slash, no credentials, query or fragment. */
  url: string;
  user: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** `--cpanel-url`: cPanel's own port is 2083 (`https://host:2083`); a reverse proxy on 443 works the same. */
export function parseCpanelUrl(text: string): Parsed<string> {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { ok: false, error: `--cpanel-url ${JSON.stringify(text)} is not a URL; give the account's cPanel address, such as https://server.example.com:2083` };
  }
  if (url.protocol !== 'https:') {
    return { ok: false, error: `--cpanel-url must start with https:// (the API token must never travel unencrypted), not ${url.protocol}//` };
  }
  if (url.username || url.password) {
    return { ok: false, error: `--cpanel-url must hold no user name or password; give --cpanel-user, and the token in ${CPANEL_TOKEN_ENV}` };
  }
  if (url.search || url.hash) return { ok: false, error: '--cpanel-url must hold no query (?...) or fragment (#...): give the address cPanel is served at' };
  const path = url.pathname.replace(/\/+$/, '');
  // UAPI lives at <base>/execute/...: a URL that already names a function or a session would be doubled.
  if (/\/(execute|cpsess\d+|json-api|frontend)(\/|$)/i.test(path)) {
    return { ok: false, error: `--cpanel-url must be cPanel's address (such as https://server.example.com:2083), not a page or API path inside it (${path})` };
  }
  return { ok: true, value: `${url.protocol}//${url.host}${path}` };
}

/** `--cpanel-user`: a cPanel account name (lower-case letters and digits, at most 16; hosts that allow more still use no ':'). */
export function parseCpanelUser(text: string): Parsed<string> {
  const user = text.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(user)) {
    return { ok: false, error: `--cpanel-user ${JSON.stringify(text.slice(0, 80))} is not a cPanel account name (letters, digits, '.', '_' or '-')` };
  }
  return { ok: true, value: user };
}

/**
 * The API token from the environment. cPanel creates tokens of 32 letters and digits, but whether a token is good is
 * cPanel's to say (a refused one is the checks' `error`, "the token was refused"): any visible ASCII is sent as it is.
 * Spaces, control characters and non-ASCII cannot travel in the Authorization header, and a colon means the
 * variable holds `user:token` (or a password); those are refused here. The token itself is never quoted back, not
 * even in this error.
 */
export function parseCpanelToken(value: string | undefined): Parsed<string> {
  if (value === undefined || value === '') {
    return {
      ok: false,
      error: `reading cPanel needs an API token in the environment variable ${CPANEL_TOKEN_ENV} (cPanel → Security → Manage API Tokens → Create); it is never read from a flag or the config file`,
    };
  }
  // A token pasted or read from a file often brings a newline or spaces around it; none can be part of a token.
  const token = value.trim();
  if (!/^[\x21-\x39\x3b-\x7e]{1,1024}$/.test(token)) {
    return { ok: false, error: `${CPANEL_TOKEN_ENV} does not hold a cPanel API token (expected the token alone, visible characters without spaces or ':', as cPanel → Security → Manage API Tokens shows it); it is not shown here` };
  }
  return { ok: true, value: token };
}
