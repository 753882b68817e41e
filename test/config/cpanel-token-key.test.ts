// A cPanel token written into the configuration is refused with where it belongs, and its value is never repeated back.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { CPANEL_TOKEN_ENV } from '../../src/cpanel/account.js';

const SECRET = 'Q7ZK2M9XW4TB8RJ5N1VC3HDF6GPLYS0A';

describe('a token in the configuration', () => {
  for (const key of ['token', 'apiToken', 'password', 'secret']) {
    it(`cpanel.${key}: refused naming ${CPANEL_TOKEN_ENV}, the value not quoted`, () => {
      const text = JSON.stringify({ cpanel: { url: 'https://cpanel.example.test:2083', user: 'ann', [key]: SECRET } });
      const r = parseConfig(text, 'splitcheck.config.json', '/etc/splitcheck');
      expect(r.ok).toBe(false);
      const message = r.ok ? '' : r.error;
      expect(message).toContain(`/cpanel/${key}`);
      expect(message).toContain(CPANEL_TOKEN_ENV);
      expect(message).not.toContain(SECRET);
    });
  }
});
