// --cpanel-url, --cpanel-user and SPLITCHECK_CPANEL_TOKEN are checked before anything is sent, and a bad token is never quoted.
import { describe, expect, it } from 'vitest';
import { parseCpanelToken, parseCpanelUrl, parseCpanelUser } from '../../src/cpanel/account.js';

describe('--cpanel-url', () => {
  it.each([
    ['https://server.example.com:2083', 'https://server.example.com:2083'],
    ['https://server.example.com:2083/', 'https://server.example.com:2083'],
    ['https://cpanel.example.com', 'https://cpanel.example.com'],
    ['https://host.example.com/cpanel/', 'https://host.example.com/cpanel'],
    ['https://[2001:db8::1]:2083', 'https://[2001:db8::1]:2083'],
  ])('%s is %s', (given, url) => {
    expect(parseCpanelUrl(given)).toEqual({ ok: true, value: url });
  });

  it.each([
    ['server.example.com:2083', /is not a URL|must start with https/],
    ['http://server.example.com:2083', /must start with https:\/\/ \(the API token must never travel unencrypted\)/],
    ['https://user:secret@server.example.com:2083', /must hold no user name or password/],
    ['https://server.example.com:2083/?x=1', /no query/],
    ['https://server.example.com:2083/execute/Email/list_pops', /not a page or API path/],
    ['https://server.example.com:2083/cpsess0123456789/frontend/jupiter', /not a page or API path/],
    ['not a url', /is not a URL/],
  ])('%s is refused', (given, error) => {
    const parsed = parseCpanelUrl(given);
    expect(parsed.ok).toBe(false);
    expect((parsed as { error: string }).error).toMatch(error);
  });
});

describe('--cpanel-user', () => {
  it('takes an account name and refuses what could not be one', () => {
    expect(parseCpanelUser('exampleuser')).toEqual({ ok: true, value: 'exampleuser' });
    expect(parseCpanelUser('a:b').ok).toBe(false);
    expect(parseCpanelUser('').ok).toBe(false);
    expect(parseCpanelUser('x y').ok).toBe(false);
  });
});

describe('SPLITCHECK_CPANEL_TOKEN', () => {
  it('is required, and a malformed one is refused without being shown', () => {
    expect(parseCpanelToken(undefined)).toMatchObject({ ok: false, error: expect.stringMatching(/SPLITCHECK_CPANEL_TOKEN .*never read from a flag or the config file/) });
    expect(parseCpanelToken('ABCDEF0123456789ABCDEF0123456789')).toEqual({ ok: true, value: 'ABCDEF0123456789ABCDEF0123456789' });
    const secret = 'ABCDEF01234567\r\nX-Injected: 1';
    const bad = parseCpanelToken(secret);
    expect(bad.ok).toBe(false);
    expect((bad as { error: string }).error).not.toContain('ABCDEF01234567');
    expect(parseCpanelToken('user:ABCDEF0123456789ABCDEF').ok).toBe(false);
    // Whether a short token is good is cPanel's to say (401: error "the token was refused"), not exit 2 here.
    expect(parseCpanelToken('wrong')).toEqual({ ok: true, value: 'wrong' });
    // Read from a file or pasted: the newline or spaces around it are no part of it.
    expect(parseCpanelToken(' ABCDEF0123456789ABCDEF0123456789\r\n')).toEqual({ ok: true, value: 'ABCDEF0123456789ABCDEF0123456789' });
    expect(parseCpanelToken(' \n').ok).toBe(false);
  });
});
