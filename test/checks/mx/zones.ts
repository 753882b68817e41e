// Zone pieces the mx.* and autodiscover.* worlds share: Microsoft's MX host and the autodiscover chain.
import type { Zone } from '../../../src/testbed/dns-server.js';

export const MS = 'contoso-com.mail.protection.outlook.com';
export const msHost: Zone = { [MS]: [{ A: '198.51.100.10' }] };
export const outlookAutodiscover: Zone = {
  'autodiscover.outlook.com': [{ CNAME: 'autod.ms-acdc.office.com' }],
  'autod.ms-acdc.office.com': [{ A: '198.51.100.20' }],
};
export const goodAutodiscover = (d: string): Zone => ({ [`autodiscover.${d}`]: [{ CNAME: 'autodiscover.outlook.com' }], ...outlookAutodiscover });
/** A healthy zone for `d` (MX to MS, autodiscover CNAME), to which a world adds or overrides names. */
export const healthy = (d: string): Zone => ({ [d]: [{ MX: [0, MS] }], ...msHost, ...goodAutodiscover(d) });
