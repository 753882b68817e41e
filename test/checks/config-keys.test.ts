// The table of which config keys each check judges: it names only keys the config schema defines.
import { describe, expect, it } from 'vitest';
import configSchema from '../../schema/config.schema.json' with { type: 'json' };
import { ALL_CHECKS } from '../../src/checks/index.js';
import { CHECK_CONFIG_KEYS, configKeyOf } from '../../src/checks/config-keys.js';
import { KEY_FLAGS } from '../../src/cli/gate.js';

describe('the check -> config key table', () => {
  it('names only keys the config schema defines', () => {
    const props = (configSchema as { properties: Record<string, { properties?: Record<string, unknown> }> }).properties;
    const known = new Set(Object.entries(props).flatMap(([k, v]) => [`/${k}`, ...Object.keys(v.properties ?? {}).map((n) => `/${k}/${n}`)]));
    const unknown = Object.values(CHECK_CONFIG_KEYS).flat().filter((k) => !known.has(k));
    expect(unknown).toEqual([]);
  });
});

describe('the table against the catalogue and the command line', () => {
  it('names only checks of the catalogue', () => {
    const ids = new Set(ALL_CHECKS.map((c) => c.meta.id));
    expect(Object.keys(CHECK_CONFIG_KEYS).filter((id) => !ids.has(id))).toEqual([]);
  });

  it('every key it names has the flags that replace it listed (a flag given means the file did not set the value)', () => {
    expect(Object.values(CHECK_CONFIG_KEYS).flat().filter((k) => !Object.hasOwn(KEY_FLAGS, k))).toEqual([]);
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
