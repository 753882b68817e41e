// Configuration file: schema errors name the key's path, value errors reuse the flags' checks, paths resolve from the file.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../src/config/load.js';
import { unwrap, unwrapAsync } from '../helpers/result.js';
import { schemaErrors } from '../helpers/schema.js';

const parse = (value: unknown) => unwrap(parseConfig(JSON.stringify(value), 'splitcheck.json', '/etc/splitcheck'));

describe('parseConfig', () => {
  it('maps a full configuration to the flags it stands for', () => {
    const config = {
      $schema: './node_modules/splitcheck/schema/config.schema.json',
      domains: ['contoso.com', 'fabrikam.com'],
      resolvers: ['1.1.1.1', '[2606:4700:4700::1111]:53'],
      timeout: 3000,
      retries: 2,
      smartHost: 'mail.contoso.com:25',
      hostingIps: ['203.0.113.25', '2001:db8::25'],
      mailboxes: ['Alice@Contoso.com'],
      dkimSelector: 'default',
      tlsName: '*.hosting.example',
      caFile: 'certs/ca.pem',
      expect: { mxHost: 'contoso-com.mail.protection.outlook.com', cloud: 'commercial' },
      skip: ['autodiscover.srv'],
      strict: true,
      smtp: false,
      authoritative: true,
      format: 'junit',
      output: 'report.xml',
      concurrency: 8,
    };
    expect(schemaErrors('config.schema.json', config)).toEqual([]);
    expect(parse(config)).toEqual({
      domains: ['contoso.com', 'fabrikam.com'],
      resolver: ['1.1.1.1', '[2606:4700:4700::1111]:53'],
      timeout: 3000,
      retries: 2,
      smartHost: 'mail.contoso.com:25',
      hostingIp: ['203.0.113.25', '2001:db8::25'],
      mailbox: ['Alice@contoso.com'],
      dkimSelector: 'default',
      tlsName: '*.hosting.example',
      caFile: '/etc/splitcheck/certs/ca.pem',
      expectMx: 'contoso-com.mail.protection.outlook.com',
      cloud: 'commercial',
      skip: ['autodiscover.srv'],
      strict: true,
      smtp: false,
      authoritative: true,
      format: 'junit',
      output: 'report.xml',
      concurrency: 8,
    });
  });

  it.each([
    [{ smartHots: 'x.com' }, /unknown key "smartHots" at \/smartHots \(did you mean "smartHost"\?\)/],
    [{ expect: { mx: 'x' } }, /unknown key "mx" at \/expect\/mx \(did you mean "mxHost"\?\)/],
    [{ timeout: '3s' }, /\/timeout: expected integer, got "3s"/],
    [{ timeout: 10 }, /\/timeout: expected a whole number from 50 to 600000, got 10/],
    [{ hostingIps: '203.0.113.25' }, /\/hostingIps: expected array/],
    [{ hostingIps: ['203.0.113.25', '300.1.1.1'] }, /\/hostingIps\/1: invalid --hosting-ip "300\.1\.1\.1"/],
    [{ resolvers: ['dns.google'] }, /\/resolvers\/0: invalid resolver "dns\.google"/],
    [{ smartHost: 'mail.contoso.com:99999' }, /\/smartHost: invalid --smart-host .*port/],
    [{ mailboxes: ['not-an-address'] }, /\/mailboxes\/0: invalid --mailbox/],
    [{ expect: { cloud: 'azure' } }, /\/expect\/cloud: expected one of "commercial", "gcc-high", "dod", "china", got "azure"/],
    [{ format: 'xml' }, /\/format: expected one of/],
    [{ domain: 'a.com', domains: ['b.com'] }, /"domain" or "domains", not both/],
    [[1, 2], /\/: expected object/],
  ])('refuses %j with the key named', (config, message) => {
    expect(() => parse(config)).toThrow(message);
  });

  it('refuses text that is not JSON, saying so', () => {
    expect(() => unwrap(parseConfig('{ "timeout": 3000, }', 'splitcheck.json', '/'))).toThrow(/splitcheck\.json is not valid JSON/);
  });
});

describe('loadConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'splitcheck-config-'));
  it('finds splitcheck.config.json in the working directory, and none is fine', async () => {
    expect(await unwrapAsync(loadConfig(undefined, dir))).toBeUndefined();
    writeFileSync(join(dir, 'splitcheck.config.json'), JSON.stringify({ domain: 'contoso.com', strict: true }));
    expect(await unwrapAsync(loadConfig(undefined, dir))).toEqual({ domains: ['contoso.com'], strict: true });
  });
  it('requires a file given with --config to exist', async () => {
    await expect(unwrapAsync(loadConfig('missing.json', dir))).rejects.toThrow(/cannot read the configuration missing\.json: no such file/);
  });
});

describe('domains in the file', () => {
  it('are validated like the argument, with the key named', () => {
    expect(parse({ domains: ['Contoso.com.', 'bücher.example'] }).domains).toEqual(['contoso.com', 'xn--bcher-kva.example']);
    expect(() => parse({ domains: ['contoso.com', 'alice@contoso.com'] })).toThrow(/\/domains\/1: "alice@contoso\.com" is an e-mail address/);
    expect(() => parse({ domain: 'localhost' })).toThrow(/\/domain: "localhost" is not a full domain name/);
  });
});
