// The one list of clouds: the copies the CLI, the engine's input type and the config schema still hold must name the same clouds.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CheckInput } from '../../src/engine/types.js';
import { CLOUDS, CLOUD_IDS, MICROSOFT_SPF_INCLUDES, isCloud, sameCloudFamily, type Cloud } from '../../src/knowledge/clouds.js';

// Compile-time: the engine's expectedCloud union and Cloud are the same set (either direction fails tsc on drift).
const engineToCloud = (c: NonNullable<CheckInput['expectedCloud']>): Cloud => c;
const cloudToEngine = (c: Cloud): NonNullable<CheckInput['expectedCloud']> => c;

describe('clouds', () => {
  it('the config schema offers exactly the listed clouds', () => {
    const schema = JSON.parse(readFileSync(new URL('../../schema/config.schema.json', import.meta.url), 'utf8')) as {
      properties: { expect: { properties: { cloud: { enum: string[] } } } };
    };
    expect(schema.properties.expect.properties.cloud.enum).toEqual([...CLOUD_IDS]);
    expect(CLOUD_IDS.map(engineToCloud).map(cloudToEngine)).toEqual(['commercial', 'gcc-high', 'dod', 'china']);
  });

  it('isCloud accepts the ids only (not inherited names)', () => {
    for (const c of CLOUD_IDS) expect(isCloud(c)).toBe(true);
    for (const v of ['', 'gcc', 'GCC-HIGH', 'toString', '__proto__']) expect(isCloud(v)).toBe(false);
  });

  it('GCC High and DoD are one family (shared MX, SPF and DKIM zones), the others are their own', () => {
    expect(sameCloudFamily('gcc-high', 'dod')).toBe(true);
    expect(sameCloudFamily('dod', 'gcc-high')).toBe(true);
    expect(sameCloudFamily('commercial', 'gcc-high')).toBe(false);
    expect(sameCloudFamily('china', 'commercial')).toBe(false);
    expect(CLOUDS.dod.mxZone).toBe(CLOUDS['gcc-high'].mxZone);
    expect(CLOUDS.dod.autodiscover).not.toBe(CLOUDS['gcc-high'].autodiscover);
  });

  it('Microsoft SPF includes: one per family (DOMAIN.md §3)', () => {
    expect(MICROSOFT_SPF_INCLUDES).toEqual(['spf.protection.outlook.com', 'spf.protection.office365.us', 'spf.protection.partner.outlook.cn']);
  });
});
