// The smarthost.* checks and m365.internal-relay through the built bin, against imitations that answer with real servers' documented replies at each step; the status of each check and flow written from CHECKS.md before the run.
import { describe, expect, it } from 'vitest';
import type { FlowId } from '../../../src/engine/flows.js';
import type { Status } from '../../../src/engine/types.js';
import type { TestPki } from '../../../src/testbed/certs.js';
import { multi, type ImitationScript } from '../../helpers/reply-imitation.js';
import { ANNA, BEN, CARL, DOMAIN, replyPki, runReplyWorld, type ReplyRun } from '../../helpers/reply-world.js';
import { cpanelExim, microsoftEdge, postfix, type CpanelOptions, type EdgeMode } from '../../helpers/vendor-replies.js';

type Id = 'smtp' | 'tls' | 'certificate' | 'accepts' | 'unknown' | 'routes' | 'relay';
const ID: Record<Id, string> = {
  smtp: 'smarthost.smtp',
  tls: 'smarthost.tls',
  certificate: 'smarthost.certificate',
  accepts: 'smarthost.accepts-mailbox',
  unknown: 'smarthost.rejects-unknown',
  routes: 'smarthost.routes-to-m365',
  relay: 'm365.internal-relay',
};

interface Case {
  name: string;
  hosting: (pki: TestPki) => ImitationScript | 'closed';
  edge?: EdgeMode;
  args?: string[];
  timeoutMs?: number;
  /** Written from the contract before the run. */
  expect: Partial<Record<Id, Status>>;
  flows?: Partial<Record<FlowId, Status>>;
  /** Words the finding must contain (the reply quoted, the reason named). */
  says?: Partial<Record<Id, Array<string | RegExp>>>;
  never?: Partial<Record<Id, RegExp>>;
}

const tlsOf = (pki: TestPki): NonNullable<ImitationScript['tls']> => ({ key: pki.leaves.good.key, cert: pki.leaves.good.cert });
/** cPanel with Local routing done right: anna has a mailbox, ben (Microsoft 365) a forwarder. */
const local = (over: Partial<CpanelOptions> = {}) => (pki: TestPki) => cpanelExim(DOMAIN, { routing: 'local', mailboxes: ['anna'], forwarders: ['ben'], tls: tlsOf(pki), ...over });
/** The same server answering RCPT (both transactions) with one reply. */
const everyRcpt = (reply: string | string[]) => local({ rcpt: () => reply });

const HEALTHY_TLS = { smtp: 'pass', tls: 'pass', certificate: 'pass' } as const;

const CASES: Case[] = [
  // --- cPanel's Email Routing, seen from outside (DOMAIN.md §2, §6) ---
  {
    name: 'cPanel Local with a forwarder for the Microsoft 365 user',
    hosting: local(),
    expect: { ...HEALTHY_TLS, accepts: 'pass', unknown: 'pass', routes: 'warn', relay: 'pass' },
    flows: { 'internet-to-m365': 'pass', 'internet-to-hosting': 'pass', 'm365-to-hosting': 'pass', 'hosting-to-m365': 'warn' },
    says: { routes: ['forwarder', 'leftover'] },
  },
  {
    name: 'cPanel Local without a forwarder: "550 No Such User Here" for the Microsoft 365 user',
    hosting: local(),
    args: ['--mailbox', ANNA, '--m365-mailbox', CARL],
    expect: { ...HEALTHY_TLS, accepts: 'pass', unknown: 'pass', routes: 'fail', relay: 'pass' },
    flows: { 'internet-to-hosting': 'pass', 'm365-to-hosting': 'pass', 'hosting-to-m365': 'fail' },
    says: { routes: ['550 No Such User Here', 'Forwarders'] },
  },
  {
    name: "cPanel Remote: the relay refusal in cPanel's three lines",
    hosting: local({ routing: 'remote' }),
    expect: { ...HEALTHY_TLS, accepts: 'fail', unknown: 'pass', routes: 'pass', relay: 'pass' },
    flows: { 'internet-to-hosting': 'fail', 'm365-to-hosting': 'fail', 'hosting-to-m365': 'pass' },
    says: { accepts: ['not permitted to relay', 'Local Mail Exchanger'] },
  },
  {
    name: 'cPanel Backup Mail Exchanger: every address accepted',
    hosting: local({ routing: 'backup' }),
    // The colleague's 250 is no pass: a catch-all answers the same and keeps the mail.
    expect: { ...HEALTHY_TLS, accepts: 'pass', unknown: 'warn', routes: 'warn', relay: 'pass' },
    flows: { 'internet-to-hosting': 'warn', 'm365-to-hosting': 'warn', 'hosting-to-m365': 'warn' },
    says: { unknown: ['Backup Mail Exchanger', 'catch-all', '5.4.14'], routes: ['catch-all', 'Backup Mail Exchanger', 'Default Address'] },
  },
  // --- Microsoft 365's edge (DOMAIN.md §1) ---
  ...(
    [
      ['authoritative', 'fail', 'Authoritative'],
      ['authoritative-as', 'fail', 'Authoritative'],
      ['not-accepted', 'fail', 'accepted domain'],
      ['recipient-not-found', 'fail', '5.1.10'],
      ['banned-ip', 'error', '5.7.606'],
      ['ipv6-ptr', 'error', '5.7.25'],
      ['spamhaus', 'error', 'Spamhaus'],
      ['throttled', 'error', '4.7.500'],
      ['greeting-421', 'error', '421 4.3.2'],
      ['need-mail', 'error', 'protocol error'],
    ] as const
  ).map(
    ([mode, status, words]): Case => ({
      name: `Microsoft's edge: ${mode}`,
      hosting: local(),
      edge: mode,
      expect: { ...HEALTHY_TLS, accepts: 'pass', routes: 'warn', relay: status },
      flows: { 'internet-to-hosting': status, 'm365-to-hosting': 'pass', 'hosting-to-m365': 'warn' },
      says: { relay: [words] },
    }),
  ),
  // --- the greeting ---
  {
    name: "greeting 421 (Exim's smtp_accept_max_per_host), every time",
    hosting: local({ greeting: '421 server.hosting.example Too many concurrent SMTP connections; please try again later.' }),
    expect: { smtp: 'error', routes: 'error', relay: 'pass' },
    flows: { 'internet-to-hosting': 'error', 'm365-to-hosting': 'error', 'hosting-to-m365': 'error' },
    says: { smtp: ['Too many concurrent SMTP connections', 'not a block list'] },
  },
  {
    name: 'greeting 554 naming a block list',
    hosting: local({ greeting: '554 5.7.1 server.hosting.example: Client host [127.0.0.1] blocked using zen.spamhaus.org' }),
    expect: { smtp: 'error', routes: 'error' },
    flows: { 'internet-to-hosting': 'error', 'm365-to-hosting': 'error', 'hosting-to-m365': 'error' },
    says: { smtp: ['blocked using zen.spamhaus.org'] },
  },
  {
    name: 'the connection dropped before the greeting',
    hosting: local({ greeting: { drop: true } }),
    expect: { smtp: 'error', routes: 'error' },
    flows: { 'm365-to-hosting': 'error', 'hosting-to-m365': 'error' },
  },
  {
    name: 'no greeting within --timeout (a tarpit)',
    hosting: local({ greeting: { silent: true } }),
    timeoutMs: 1000,
    expect: { smtp: 'error', routes: 'error' },
    flows: { 'm365-to-hosting': 'error', 'hosting-to-m365': 'error' },
  },
  {
    name: 'a slow greeting inside --timeout',
    hosting: local({ greeting: { lines: '220 server.hosting.example ESMTP Exim 4.98', delayMs: 1200 } }),
    expect: { ...HEALTHY_TLS, accepts: 'pass', unknown: 'pass', routes: 'warn' },
  },
  // --- EHLO ---
  {
    name: 'EHLO and HELO refused for the name (Postfix reject_unknown_helo_hostname with smtpd_delay_reject = no)',
    hosting: (pki) => ({ ...local({ ehlo: (name) => `550 5.7.1 <${name}>: Helo command rejected: Host not found` })(pki), helo: (name) => `550 5.7.1 <${name}>: Helo command rejected: Host not found` }),
    expect: { smtp: 'error', routes: 'error' },
    says: { smtp: ['Helo command rejected', '--helo'] },
  },
  {
    // A server whose EHLO rule lists this machine (Postfix's block-list wording) while HELO goes through: no fact about ESMTP.
    name: 'EHLO refused as a block-listed client, HELO answered',
    hosting: local({ ehlo: () => '554 5.7.1 Service unavailable; Client host [127.0.0.1] blocked using zen.spamhaus.org' }),
    expect: { smtp: 'error', tls: 'error', accepts: 'pass' },
    says: { smtp: ['blocked using zen.spamhaus.org'], tls: ['refusal of this machine'] },
    never: { tls: /speaks only HELO/ },
  },
  {
    name: 'EHLO not implemented, HELO answered',
    hosting: local({ ehlo: () => '502 5.5.2 Error: command not recognized' }),
    expect: { smtp: 'warn', accepts: 'pass', unknown: 'pass', routes: 'warn' },
  },
  // --- MAIL FROM ---
  {
    name: 'MAIL refused as a refusal of the client (smtpd_delay_reject = no)',
    hosting: local({ mail: () => '554 5.7.1 <unknown[127.0.0.1]>: Client host rejected: Access denied' }),
    expect: { ...HEALTHY_TLS, accepts: 'error', unknown: 'error', routes: 'error' },
    flows: { 'internet-to-hosting': 'error', 'm365-to-hosting': 'error', 'hosting-to-m365': 'error' },
    says: { accepts: ['Client host rejected'], routes: ['Client host rejected'] },
  },
  // --- RCPT: "not now", told apart ---
  {
    name: 'postgrey',
    hosting: (pki) => postfix(DOMAIN, ['anna', 'ben'], { tls: tlsOf(pki), rcpt: (to) => `450 4.2.0 <${to}>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/${DOMAIN}.html` }),
    expect: { ...HEALTHY_TLS, accepts: 'error', unknown: 'error', routes: 'error' },
    flows: { 'internet-to-hosting': 'error', 'm365-to-hosting': 'error', 'hosting-to-m365': 'error' },
    says: { accepts: ['Greylisted', 'greylisting'], routes: ['greylisting'] },
  },
  {
    name: "greylistd's Exim ACL wording",
    hosting: local({ rcpt: (to, s) => `451 127.0.0.1 is not yet authorized to deliver mail from <${s.from}> to <${to}>. Please try later.` }),
    expect: { ...HEALTHY_TLS, accepts: 'error', unknown: 'error', routes: 'error' },
    says: { accepts: ['not yet authorized', 'greylisting'], routes: ['greylisting'] },
  },
  {
    name: "Plesk's greylisting",
    hosting: everyRcpt('451 4.7.1 Service unavailable - try again later'),
    expect: { accepts: 'error', unknown: 'error', routes: 'error' },
    says: { accepts: ['greylisting'] },
  },
  {
    name: "Exim's ratelimit ACL",
    hosting: everyRcpt('451 4.7.1 Rate limit exceeded: too many messages from 127.0.0.1, try again later'),
    expect: { accepts: 'error', unknown: 'error', routes: 'error' },
    says: { accepts: ['rate or connection limit'] },
    never: { accepts: /greylisting/ },
  },
  {
    name: "Exim's default deferral: a temporary local problem",
    hosting: everyRcpt('451 Temporary local problem - please try later'),
    expect: { accepts: 'error', unknown: 'error', routes: 'error' },
    says: { accepts: ['error of the server itself'] },
    never: { accepts: /greylisting/ },
  },
  {
    name: "Postfix's temporary lookup failure",
    hosting: everyRcpt('451 4.3.0 <anna@split.example>: Temporary lookup failure'),
    expect: { accepts: 'error', unknown: 'error', routes: 'error' },
    says: { accepts: ['error of the server itself'] },
  },
  {
    name: "Postfix's postscreen after its after-220 tests: the first session's RCPT deferred",
    hosting: (pki) => postfix(DOMAIN, ['anna', 'ben'], { tls: tlsOf(pki), rcpt: () => '450 4.3.2 Service currently unavailable' }),
    expect: { ...HEALTHY_TLS, accepts: 'error', unknown: 'error', routes: 'error' },
    says: { accepts: ['greylisting', 'postscreen'] },
    never: { accepts: /error of the server itself/ },
  },
  {
    name: 'a hosting mailbox over quota, for now (452 4.2.2)',
    hosting: local({ rcpt: (to) => (to === ANNA ? `452 4.2.2 <${to}>: Mailbox quota exceeded` : undefined) }),
    expect: { ...HEALTHY_TLS, accepts: 'error', unknown: 'pass', routes: 'warn' },
    says: { accepts: ['about the mailbox itself', 'Allocated Storage Space'] },
    never: { accepts: /rate or connection limit/ },
  },
  {
    name: '421 at RCPT: too many errors, and the connection closes',
    hosting: local({ rcpt: () => ({ lines: '421 4.7.0 server.hosting.example Error: too many errors', close: true }) }),
    expect: { ...HEALTHY_TLS, accepts: 'error', unknown: 'error', routes: 'error' },
  },
  // --- RCPT: the address itself ---
  {
    name: 'a full mailbox (552 5.2.2)',
    hosting: local({ rcpt: (to) => (to === ANNA ? `552 5.2.2 <${to}>: Mailbox full` : undefined) }),
    expect: { ...HEALTHY_TLS, accepts: 'fail', unknown: 'pass', routes: 'warn' },
  },
  {
    name: 'a multi-line unknown-user reply with the enhanced code on each line',
    hosting: local({
      rcpt: (to) => (to === CARL ? multi(550, '5.1.1 The email account that you tried to reach does not exist. Please try', '5.1.1 double-checking the recipient\'s email address for typos.') : undefined),
    }),
    args: ['--mailbox', ANNA, '--m365-mailbox', CARL],
    expect: { accepts: 'pass', routes: 'fail' },
    flows: { 'hosting-to-m365': 'fail' },
  },
  {
    name: 'a reply whose lines disagree on the code',
    hosting: local({ rcpt: (to) => (to === ANNA ? ['250-2.1.5 OK', '550 5.1.1 no'] : undefined) }),
    expect: { accepts: 'error', routes: 'warn' },
  },
  {
    name: 'a catch-all on Local routing: the made-up address accepted too',
    hosting: local({ rcpt: () => '250 Accepted' }),
    expect: { accepts: 'pass', unknown: 'warn', routes: 'warn' },
    flows: { 'hosting-to-m365': 'warn' },
    says: { routes: ['catch-all keeps it'] },
  },
  // --- the sender of the reverse flow, refused at RCPT (Postfix's smtpd_delay_reject, Exim's verify = sender) ---
  {
    name: "cPanel's sender verification of the postmaster sender",
    hosting: local({ senderVerify: true }),
    args: ['--m365-mailbox', BEN],
    expect: { ...HEALTHY_TLS, unknown: 'pass', routes: 'error' },
    flows: { 'hosting-to-m365': 'error' },
    says: { routes: ['Sender verify failed'] },
    never: { routes: /Forwarders → Add Forwarder/ },
  },
  {
    name: "Postfix's reject_unlisted_sender, at RCPT",
    hosting: (pki) =>
      postfix(DOMAIN, ['anna', 'ben'], {
        tls: tlsOf(pki),
        rcpt: (_to, s) => (s.from ? `550 5.1.0 <${s.from}>: Sender address rejected: User unknown in local recipient table` : undefined),
      }),
    args: ['--m365-mailbox', BEN],
    expect: { unknown: 'pass', routes: 'error' },
    flows: { 'hosting-to-m365': 'error' },
    says: { routes: ['Sender address rejected'] },
  },
  {
    name: "Postfix's reject_sender_login_mismatch: a local sender must log in",
    hosting: (pki) =>
      postfix(DOMAIN, ['anna', 'ben'], {
        tls: tlsOf(pki),
        rcpt: (_to, s) => (s.from ? `553 5.7.1 <${s.from}>: Sender address rejected: not logged in` : undefined),
      }),
    expect: { accepts: 'pass', unknown: 'pass', routes: 'error' },
    flows: { 'hosting-to-m365': 'error' },
  },
  // --- SPF checked on the prober's own envelope (DOMAIN.md §6): about this machine's address, not the recipient ---
  {
    name: 'postfix-policyd-spf at RCPT, on the hosting sender the reverse-flow question names',
    hosting: (pki) =>
      postfix(DOMAIN, ['anna', 'ben'], {
        tls: tlsOf(pki),
        rcpt: (to, s) =>
          s.from
            ? `550 5.7.1 <${to}>: Recipient address rejected: Message rejected due to: SPF fail - not authorized. Please see http://www.openspf.net/Why?s=mfrom;id=${s.from};ip=127.0.0.1;r=${to}`
            : undefined,
      }),
    args: ['--mailbox', ANNA, '--m365-mailbox', BEN],
    expect: { ...HEALTHY_TLS, accepts: 'pass', unknown: 'pass', routes: 'error' },
    flows: { 'internet-to-hosting': 'pass', 'm365-to-hosting': 'pass', 'hosting-to-m365': 'error' },
    says: { routes: ['SPF fail - not authorized', 'SPF check', 'Trusted SMTP IP addresses'] },
    never: { routes: /would bounce/ },
  },
  {
    name: "postfix-policyd-spf on the null sender's EHLO name, every RCPT",
    hosting: everyRcpt('550 5.7.1 <anna@split.example>: Recipient address rejected: Message rejected due to: SPF fail - not authorized. Please see http://www.openspf.net/Why?s=helo;id=probe.splitcheck.test;ip=127.0.0.1;r=anna@split.example'),
    expect: { ...HEALTHY_TLS, accepts: 'error', unknown: 'error', routes: 'error' },
    flows: { 'internet-to-hosting': 'error', 'm365-to-hosting': 'error', 'hosting-to-m365': 'error' },
    says: { accepts: ['SPF check', 'EHLO name'] },
    never: { accepts: /does not exist|would bounce/ },
  },
  {
    name: "cPanel's \"Reject SPF failures\" (Exim's SPF ACL) at RCPT, on the hosting sender",
    hosting: local({ rcpt: (_to, s) => (s.from ? `550 SPF: 127.0.0.1 is not allowed to send mail from ${DOMAIN}` : undefined) }),
    args: ['--mailbox', ANNA, '--m365-mailbox', CARL],
    expect: { ...HEALTHY_TLS, accepts: 'pass', unknown: 'pass', routes: 'error' },
    flows: { 'hosting-to-m365': 'error' },
    says: { routes: ['is not allowed to send mail from'] },
    never: { routes: /neither a mailbox nor a forwarder|would bounce/ },
  },
  // --- replies about the dialogue, not the address (RFC 5321 §4.2.4; a middlebox garbling commands) ---
  {
    name: 'RCPT answered "503 5.5.1 Error: need MAIL command"',
    hosting: everyRcpt('503 5.5.1 Error: need MAIL command'),
    expect: { ...HEALTHY_TLS, accepts: 'error', unknown: 'error', routes: 'error' },
    says: { accepts: ['protocol error'], unknown: ['protocol error'] },
  },
  {
    name: 'RCPT garbled by a firewall\'s SMTP inspection: "500 5.5.1 Command unrecognized"',
    hosting: everyRcpt('500 5.5.1 Command unrecognized: "XXXX XXXXXXXXXXXXXXXXXXXXXX"'),
    expect: { accepts: 'error', unknown: 'error', routes: 'error' },
    says: { accepts: ['inspect esmtp'] },
  },
  // --- a policy refusal in RFC 5321's generic words: the enhanced code (5.7.1) says it is no unknown user ---
  {
    name: 'the Microsoft 365 colleague refused "550 5.7.1 Requested action not taken: mailbox unavailable"',
    hosting: local({ rcpt: (to) => (to === CARL ? '550 5.7.1 Requested action not taken: mailbox unavailable' : undefined) }),
    args: ['--mailbox', ANNA, '--m365-mailbox', CARL],
    expect: { accepts: 'pass', routes: 'fail' },
    says: { routes: ['550 5.7.1 Requested action not taken'] },
    never: { routes: /neither a mailbox nor a forwarder/ },
  },
  // --- the connection mid-session ---
  {
    name: 'the connection dropped at the first RCPT',
    hosting: local({ rcpt: () => ({ drop: true }) }),
    expect: { smtp: 'pass', accepts: 'error', unknown: 'error', routes: 'error' },
  },
  {
    name: 'an RCPT answer slower than --timeout',
    hosting: local({ rcpt: () => ({ silent: true }) }),
    timeoutMs: 1000,
    expect: { accepts: 'error', unknown: 'error', routes: 'error' },
  },
  // --- TLS ---
  {
    name: 'STARTTLS answered 454 (TLS not available): the dialogue goes on in plaintext',
    hosting: (pki) => ({
      ...local({ tls: undefined, ehlo: (name) => multi(250, `server.hosting.example Hello ${name}`, 'SIZE 52428800', 'STARTTLS', 'HELP') })(pki),
      starttls: () => '454 4.7.0 TLS not available due to local problem',
    }),
    expect: { accepts: 'pass', unknown: 'pass', routes: 'warn' },
  },
  {
    name: 'STARTTLS answered 421 (a connection limit) and the connection closed: no verdict on TLS',
    hosting: (pki) => ({ ...local()(pki), starttls: () => ({ lines: '421 4.7.0 server.hosting.example Too many concurrent SMTP connections; please try again later.', close: true }) }),
    expect: { smtp: 'pass', tls: 'error', accepts: 'error', routes: 'error' },
    flows: { 'm365-to-hosting': 'error', 'hosting-to-m365': 'error' },
    says: { tls: ['Too many concurrent SMTP connections', 'not an answer about TLS'] },
  },
  {
    name: 'a handshake the server breaks off',
    hosting: (pki) => ({ ...local()(pki), tls: { key: pki.leaves.good.key, cert: pki.leaves.good.cert, minVersion: 'TLSv1', maxVersion: 'TLSv1.1' } }),
    expect: { smtp: 'pass', tls: 'fail', routes: 'error' },
    flows: { 'm365-to-hosting': 'fail', 'hosting-to-m365': 'error' },
  },
  {
    name: 'another certificate without SNI',
    hosting: (pki) => ({ ...local()(pki), tls: { key: pki.leaves.good.key, cert: pki.leaves.good.cert, noSni: { key: pki.leaves.wrongName.key, cert: pki.leaves.wrongName.cert } } }),
    expect: { smtp: 'pass', tls: 'pass', certificate: 'warn', accepts: 'pass' },
    says: { certificate: ['server.hosting.example'] },
  },
  // --- no smart host at all ---
  {
    name: "the smart host's port 25 closed, the Microsoft MX open",
    hosting: () => 'closed',
    expect: { smtp: 'fail', relay: 'pass', routes: 'error' },
    flows: { 'internet-to-hosting': 'fail', 'm365-to-hosting': 'fail', 'hosting-to-m365': 'error' },
  },
];

/** The contract's rule, stated here apart from src/engine/flows.ts. */
function ruleOver(statuses: Status[]): Status {
  const judged = statuses.filter((s) => s !== 'skip');
  for (const s of ['fail', 'error', 'warn', 'pass'] as const) if (judged.includes(s)) return s;
  return 'skip';
}

function expectFlowsFollowTheRule(run: ReplyRun): void {
  const flows = run.report.flows ?? [];
  expect(flows.map((f) => f.id)).toEqual(['internet-to-m365', 'internet-to-hosting', 'm365-to-hosting', 'hosting-to-m365', 'm365-to-internet', 'hosting-to-internet']);
  for (const flow of flows) {
    for (const id of flow.checks) expect(run.byId[id], `${flow.id} lists ${id}, which is not in the results`).toBeDefined();
    expect(flow.status, flow.id).toBe(ruleOver(flow.checks.map((id) => run.byId[id]!.status)));
  }
}

describe('documented replies at each step, through the bin (never DATA)', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const { pki } = await replyPki();
    const run = await runReplyWorld({
      hosting: c.hosting(pki),
      edge: microsoftEdge(c.edge ?? 'internal-relay'),
      ...(c.args ? { args: c.args } : {}),
      ...(c.timeoutMs ? { timeoutMs: c.timeoutMs } : {}),
    });
    const got = Object.fromEntries(Object.keys(c.expect).map((k) => [k, run.status(ID[k as Id])]));
    const messages = Object.keys(c.expect).map((k) => `${k}: ${run.byId[ID[k as Id]]?.message ?? '(none)'}`).join('\n');
    expect(got, messages).toEqual(c.expect);
    expectFlowsFollowTheRule(run);
    if (c.flows) {
      const flows = Object.fromEntries((run.report.flows ?? []).filter((f) => f.id in c.flows!).map((f) => [f.id, f.status]));
      expect(flows).toEqual(c.flows);
    }
    for (const [k, needles] of Object.entries(c.says ?? {})) {
      const f = run.byId[ID[k as Id]]!;
      const text = `${f.message}\n${f.remedy ?? ''}`;
      for (const needle of needles) {
        if (typeof needle === 'string') expect(text, k).toContain(needle);
        else expect(text, k).toMatch(needle);
      }
    }
    for (const [k, pattern] of Object.entries(c.never ?? {})) expect(`${run.byId[ID[k as Id]]?.message}\n${run.byId[ID[k as Id]]?.remedy ?? ''}`, k).not.toMatch(pattern);
    // Exit code from the statuses (CHECKS.md): 1 with a fail, else 3 with an error, else 0.
    const all = run.report.results.map((f) => f.status);
    expect(run.result.code).toBe(all.includes('fail') ? 1 : all.includes('error') ? 3 : 0);
  });
});
