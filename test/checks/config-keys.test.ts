// The table of which config keys each check judges: it names only keys the config schema defines.
import { describe, expect, it } from 'vitest';
import configSchema from '../../schema/config.schema.json' with { type: 'json' };
import { CHECK_CONFIG_KEYS, configKeyOf } from '../../src/checks/config-keys.js';

describe('the check -> config key table', () => {
  it('names only keys the config schema defines', () => {
    const props = (configSchema as { properties: Record<string, { properties?: Record<string, unknown> }> }).properties;
    const known = new Set(Object.entries(props).flatMap(([k, v]) => [`/${k}`, ...Object.keys(v.properties ?? {}).map((n) => `/${k}/${n}`)]));
    // Keys of sources still being added (export, cPanel, reverse-flow mailboxes) are allowed ahead of the schema.
    const ahead = new Set(['/m365Mailboxes', '/m365Export', '/cpanel']);
    const unknown = Object.values(CHECK_CONFIG_KEYS).flat().filter((k) => !known.has(k) && !ahead.has(k));
    expect(unknown).toEqual([]);
  });
});

describe('configKeyOf', () => {
  it('the most specific key the file set, in the table\'s order', () => {
    expect(configKeyOf('smarthost.certificate', { '/smartHost': 3, '/tlsName': 9 })).toBe('/tlsName');
    expect(configKeyOf('smarthost.certificate', { '/smartHost': 3 })).toBe('/smartHost');
    expect(configKeyOf('mx.present', { '/smartHost': 3 })).toBeUndefined();
    expect(configKeyOf('constructor', { '/smartHost': 3 })).toBeUndefined();
  });
});
