// Example worlds for dmarc.record: zones, and the status the check must give.
import { txt } from '../../helpers/txt.js';
import type { World } from '../../helpers/world.js';

export const DMARC_WORLDS: World[] = [
  // ---- dmarc.record ----------------------------------------------------------------------
  {
    name: 'DMARC quarantine with strict alignment',
    domain: 'quarantine.com',
    zone: { '_dmarc.quarantine.com': [txt('v=DMARC1; p=quarantine; adkim=s; rua=mailto:dmarc@quarantine.com')] },
    expect: { 'dmarc.record': 'pass' },
    messages: { 'dmarc.record': ['strict DKIM alignment', 'Both senders must align'] },
  },
  {
    name: 'DMARC p=none',
    domain: 'monitor.com',
    zone: { '_dmarc.monitor.com': [txt('v=DMARC1; p=none; rua=mailto:dmarc@monitor.com')] },
    expect: { 'dmarc.record': 'warn' },
    messages: { 'dmarc.record': ['monitoring only'] },
    remedies: { 'dmarc.record': ['v=DMARC1; p=quarantine; rua=mailto:dmarc@monitor.com'] },
  },
  {
    name: 'DMARC missing p with a valid rua (receivers apply p=none)',
    domain: 'nop.com',
    zone: { '_dmarc.nop.com': [txt('v=DMARC1; rua=mailto:dmarc@nop.com')] },
    expect: { 'dmarc.record': 'fail' },
    messages: { 'dmarc.record': ['treat it as p=none'] },
  },
  {
    name: 'DMARC missing p without rua',
    domain: 'nop2.com',
    zone: { '_dmarc.nop2.com': [txt('v=DMARC1; adkim=r')] },
    expect: { 'dmarc.record': 'fail' },
    messages: { 'dmarc.record': ['Receivers ignore it'] },
  },
  {
    name: 'DMARC invalid p',
    domain: 'badp.com',
    zone: { '_dmarc.badp.com': [txt('v=DMARC1; p=block')] },
    expect: { 'dmarc.record': 'fail' },
    messages: { 'dmarc.record': ['p=block is invalid'] },
  },
  {
    name: 'DMARC bad pct',
    domain: 'badpct.com',
    zone: { '_dmarc.badpct.com': [txt('v=DMARC1; p=reject; pct=150')] },
    expect: { 'dmarc.record': 'warn' },
    messages: { 'dmarc.record': ['pct=150 is invalid'] },
  },
  {
    name: 'DMARC pct below 100',
    domain: 'halfpct.com',
    zone: { '_dmarc.halfpct.com': [txt('v=DMARC1; p=quarantine; pct=25')] },
    expect: { 'dmarc.record': 'warn' },
    messages: { 'dmarc.record': ['25%'] },
  },
  {
    name: 'two DMARC records',
    domain: 'twodmarc.com',
    zone: { '_dmarc.twodmarc.com': [txt('v=DMARC1; p=reject'), txt('v=DMARC1; p=none')] },
    expect: { 'dmarc.record': 'fail' },
    messages: { 'dmarc.record': ['2 DMARC records'] },
  },
  {
    name: 'DMARC with a malformed tag',
    domain: 'malformed.com',
    zone: { '_dmarc.malformed.com': [txt('v=DMARC1; p=reject; rua mailto:dmarc@malformed.com')] },
    expect: { 'dmarc.record': 'warn' },
    messages: { 'dmarc.record': ['is not a tag=value pair'] },
  },
  {
    name: 'DMARC with a duplicate tag',
    domain: 'dup.com',
    zone: { '_dmarc.dup.com': [txt('v=DMARC1; p=reject; p=none')] },
    expect: { 'dmarc.record': 'fail' },
    messages: { 'dmarc.record': ['appears twice'] },
  },
  {
    name: 'v=DMARC1 not first',
    domain: 'vsecond.com',
    zone: { '_dmarc.vsecond.com': [txt('p=reject; v=DMARC1')] },
    expect: { 'dmarc.record': 'fail' },
    messages: { 'dmarc.record': ['does not start with v=DMARC1'] },
  },
  {
    name: 'p not right after v',
    domain: 'plate.com',
    zone: { '_dmarc.plate.com': [txt('v=DMARC1; rua=mailto:d@plate.com; p=reject')] },
    expect: { 'dmarc.record': 'warn' },
  },
  {
    name: 'sp=none under an enforcing p',
    domain: 'weaksub.com',
    zone: { '_dmarc.weaksub.com': [txt('v=DMARC1; p=reject; sp=none')] },
    expect: { 'dmarc.record': 'warn' },
    messages: { 'dmarc.record': ['subdomains'] },
  },
  {
    name: 'reports to another domain that does not authorise them',
    domain: 'outsourced.com',
    zone: { '_dmarc.outsourced.com': [txt('v=DMARC1; p=reject; rua=mailto:reports@dmarc-service.example')] },
    expect: { 'dmarc.record': 'warn' },
    messages: { 'dmarc.record': ['outsourced.com._report._dmarc.dmarc-service.example'] },
  },
  {
    name: 'reports to another domain that authorises them',
    domain: 'authorised.com',
    zone: {
      '_dmarc.authorised.com': [txt('v=DMARC1; p=reject; rua=mailto:reports@dmarc-service.example!10m')],
      'authorised.com._report._dmarc.dmarc-service.example': [txt('v=DMARC1')],
    },
    expect: { 'dmarc.record': 'pass' },
  },
  {
    name: 'DMARC record split over two strings, behind a CNAME',
    domain: 'splitdmarc.com',
    zone: { '_dmarc.splitdmarc.com': [{ CNAME: 'dmarc.policies.example' }], 'dmarc.policies.example': [{ TXT: ['v=DMARC1; p=rej', 'ect; rua=mailto:d@splitdmarc.com'] }] },
    expect: { 'dmarc.record': 'pass' },
  },
  {
    name: 'DMARC lookup times out',
    domain: 'slowdmarc.com',
    zone: { '_dmarc.slowdmarc.com': ['TIMEOUT'] },
    expect: { 'dmarc.record': 'error' },
  },
];
