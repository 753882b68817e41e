// SMTP example worlds for smarthost.*: what listens at the smart host and at the Microsoft MX, and the status every SMTP check must give.
import { HOSTING_IP, MAILBOX, MS_IP, MS_MX, onExampleTest, SMART_HOST, type ServerSpec } from '../../helpers/smtp-servers.js';
import type { World } from '../../helpers/world.js';

export const ALL_PASS = {
  'smarthost.resolves': 'pass',
  'smarthost.loop': 'pass',
  'smarthost.smtp': 'pass',
  'smarthost.tls': 'pass',
  'smarthost.certificate': 'pass',
  'smarthost.accepts-mailbox': 'pass',
  'm365.internal-relay': 'pass',
} as const;

export const withMailbox = { mailboxes: [MAILBOX] };
export const exim = (spec: Omit<Extract<ServerSpec, { kind: 'exim' }>, 'kind'> = {}) => ({
  [`${SMART_HOST}:25`]: { kind: 'exim' as const, ...spec },
  [`${MS_MX}:25`]: { kind: 'edge' as const, mode: 'internal-relay' as const },
});
export const microsoftRanges = { 'spf.protection.outlook.com': [{ TXT: 'v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 ip6:2a01:111:f400::/48 -all' }] };

export const SMARTHOST_WORLDS: World[] = onExampleTest([
  // --- the healthy setup, and the inputs around it ------------------------------------------------
  {
    name: 'healthy: Exim in Local routing with a full chain, Internal Relay, a hosting mailbox given',
    input: withMailbox,
    zone: microsoftRanges,
    expect: ALL_PASS,
    messages: {
      'smarthost.resolves': /inferred: mail\.example\.test; give --smart-host/,
      'smarthost.tls': /TLSv1\.[23]/,
      'smarthost.certificate': /trusted \(2 certificate\(s\) sent, chain complete\), matches mail\.example\.test/,
      'smarthost.accepts-mailbox': /accepts RCPT TO:<anna@example\.test>/,
      'm365.internal-relay': /Internal Relay.*If <anna@example\.test> also has a Microsoft 365 mailbox.*Not visible from here/,
    },
  },
  {
    name: 'no --mailbox: accepts-mailbox skips and says how; Internal Relay is asked with a random local part',
    expect: { ...ALL_PASS, 'smarthost.accepts-mailbox': 'skip' },
    messages: {
      'smarthost.accepts-mailbox': /give --mailbox user@example\.test of a mailbox on the hosting server/,
      'm365.internal-relay': /splitcheck-probe-0123456789@example\.test.*random address.*backscatter/,
    },
  },
  {
    name: '--smart-host given: not called inferred',
    input: { ...withMailbox, smartHost: { host: SMART_HOST, port: 25 } },
    expect: ALL_PASS,
    messages: { 'smarthost.resolves': /^The smart host mail\.example\.test resolves to 203\.0\.113\.25\.$/ },
  },
  {
    name: '--smart-host as an IP address: nothing to resolve, and no name to check without --tls-name',
    input: { ...withMailbox, smartHost: { host: HOSTING_IP, port: 25 } },
    servers: { [`${HOSTING_IP}:25`]: { kind: 'exim' }, [`${MS_MX}:25`]: { kind: 'edge', mode: 'internal-relay' } },
    expect: ALL_PASS,
    messages: { 'smarthost.resolves': /given as an IP address/, 'smarthost.certificate': /not checked: the smart host is an IP address; give --tls-name/ },
  },

  // --- cPanel Email Routing and mailboxes -----------------------------------------------------------
  {
    name: 'cPanel Email Routing on Remote Mail Exchanger: relay refused',
    input: withMailbox,
    servers: exim({ routing: 'remote' }),
    expect: { ...ALL_PASS, 'smarthost.accepts-mailbox': 'fail' },
    messages: { 'smarthost.accepts-mailbox': /refuses <anna@example\.test> as relaying.*not permitted to relay.*Remote Mail Exchanger/ },
    remedies: { 'smarthost.accepts-mailbox': /cPanel → Email → Email Routing.*Local Mail Exchanger.*Backup Mail Exchanger.*loops.*Automatically Detect/ },
  },
  {
    name: 'a mailbox that does not exist on the hosting server: 550 5.1.1',
    input: { mailboxes: ['bob@example.test'] },
    expect: { ...ALL_PASS, 'smarthost.accepts-mailbox': 'fail' },
    messages: { 'smarthost.accepts-mailbox': /bob@example\.test.*550 5\.1\.1.*this mailbox does not exist on the hosting server/ },
    remedies: { 'smarthost.accepts-mailbox': /Create <bob@example\.test> on the hosting server/ },
  },
  {
    name: 'two mailboxes, one missing: the failure names the missing one only',
    input: { mailboxes: [MAILBOX, 'bob@example.test'] },
    expect: { ...ALL_PASS, 'smarthost.accepts-mailbox': 'fail' },
    messages: { 'smarthost.accepts-mailbox': /^(?!.*anna).*bob@example\.test.*does not exist/ },
  },
  {
    name: 'greylisting at RCPT (451 4.7.1): could not verify, not failed',
    input: withMailbox,
    servers: {
      [`${SMART_HOST}:25`]: { kind: 'refusing-edge', at: 'rcpt', code: 451, text: '4.7.1 Greylisted, please try again later' },
      [`${MS_MX}:25`]: { kind: 'edge', mode: 'internal-relay' },
    },
    expect: { 'smarthost.smtp': 'pass', 'smarthost.accepts-mailbox': 'error' },
    messages: { 'smarthost.accepts-mailbox': /temporary refusal \(greylisting/ },
  },

  // --- submission services and ports ----------------------------------------------------------------
  {
    name: 'smart host on port 587 demanding AUTH (a submission service like smtp.hostinger.com:587)',
    input: { ...withMailbox, smartHost: { host: SMART_HOST, port: 587 } },
    servers: { [`${SMART_HOST}:587`]: { kind: 'exim', requireAuth: true }, [`${MS_MX}:25`]: { kind: 'edge', mode: 'internal-relay' } },
    expect: { 'smarthost.smtp': 'fail', 'smarthost.tls': 'pass', 'smarthost.accepts-mailbox': 'skip' },
    messages: {
      'smarthost.smtp': /demands authentication before it takes mail \("530 5\.7\.0 Authentication required"; it advertises AUTH PLAIN LOGIN\).*never authenticates.*port 25 only/,
      'smarthost.accepts-mailbox': /demands authentication before MAIL FROM/,
    },
  },
  {
    name: 'smart host on port 587 without an AUTH demand: still a warning (connectors only use port 25)',
    input: { ...withMailbox, smartHost: { host: SMART_HOST, port: 587 } },
    servers: { [`${SMART_HOST}:587`]: { kind: 'exim' }, [`${MS_MX}:25`]: { kind: 'edge', mode: 'internal-relay' } },
    expect: { 'smarthost.smtp': 'warn', 'smarthost.accepts-mailbox': 'pass' },
    messages: { 'smarthost.smtp': /port 587: Exchange Online connectors deliver on port 25 only.*smtp\.hostinger\.com:587/ },
    remedies: { 'smarthost.smtp': /without a port/ },
  },
  {
    name: 'AUTH demanded on port 25 (MAIL FROM answered 530)',
    input: withMailbox,
    servers: exim({ requireAuth: true }),
    expect: { 'smarthost.smtp': 'fail', 'smarthost.accepts-mailbox': 'skip' },
    messages: { 'smarthost.smtp': /it advertises AUTH PLAIN LOGIN/ },
  },

  // --- certificates --------------------------------------------------------------------------------
  {
    name: 'certificate sent without its intermediate: 4.4.317 UntrustedRoot',
    input: withMailbox,
    servers: exim({ leaf: 'leafOnly' }),
    expect: { ...ALL_PASS, 'smarthost.certificate': 'fail' },
    messages: { 'smarthost.certificate': /without the intermediate CA certificate.*UNABLE_TO_VERIFY_LEAF_SIGNATURE.*450 4\.4\.317 \.\.\. UntrustedRoot/ },
    remedies: { 'smarthost.certificate': /full chain.*cPanel → SSL\/TLS.*intermediate/ },
  },
  {
    name: 'expired certificate',
    servers: exim({ leaf: 'expired' }),
    expect: { 'smarthost.tls': 'pass', 'smarthost.certificate': 'fail' },
    messages: { 'smarthost.certificate': /expired on \d{4}-\d\d-\d\d/ },
    remedies: { 'smarthost.certificate': /Renew/ },
  },
  {
    name: 'certificate expiring in 5 days: a warning',
    servers: exim({ leaf: 'expiringSoon' }),
    expect: { 'smarthost.certificate': 'warn' },
    messages: { 'smarthost.certificate': /expires on \d{4}-\d\d-\d\d, in [45] day\(s\)/ },
  },
  {
    name: 'certificate for another name: 4.7.320 SubjectMismatch',
    servers: exim({ leaf: 'wrongName' }),
    expect: { 'smarthost.certificate': 'fail' },
    messages: { 'smarthost.certificate': /is for server\.hosting\.test, not mail\.example\.test.*4\.7\.320 \.\.\. SubjectMismatch/ },
    remedies: { 'smarthost.certificate': /--tls-name/ },
  },
  {
    name: '--tls-name: the certificate is judged against the name the connector validates',
    input: { tlsName: 'server.hosting.test' },
    servers: exim({ leaf: 'wrongName' }),
    expect: { 'smarthost.certificate': 'pass' },
    messages: { 'smarthost.certificate': /matches server\.hosting\.test/ },
  },
  {
    name: 'self-signed certificate (cPanel before AutoSSL)',
    servers: exim({ leaf: 'selfSigned' }),
    expect: { 'smarthost.tls': 'pass', 'smarthost.certificate': 'fail' },
    messages: { 'smarthost.certificate': /self-signed/ },
    remedies: { 'smarthost.certificate': /AutoSSL/ },
  },
  {
    name: 'a CA that is not trusted here (no --ca-file)',
    smtp: { trustCa: false },
    servers: exim({ leaf: 'good' }),
    expect: { 'smarthost.certificate': 'fail' },
    messages: { 'smarthost.certificate': /UNABLE_TO_GET_ISSUER_CERT_LOCALLY/ },
  },
  {
    name: 'the chain sent with its root: harmless when the root is trusted',
    servers: exim({ leaf: 'withRoot' }),
    expect: { 'smarthost.certificate': 'pass' },
  },
  {
    name: 'a wildcard certificate covers the smart host',
    smtp: { pki: 'wildcard' },
    servers: exim({ leaf: 'good' }),
    expect: { 'smarthost.certificate': 'pass' },
    messages: { 'smarthost.certificate': /matches mail\.example\.test/ },
  },

  {
    name: 'a wildcard --tls-name against a wildcard certificate (domain validation with *.example.test)',
    smtp: { pki: 'wildcard' },
    input: { tlsName: '*.example.test' },
    servers: exim({ leaf: 'good' }),
    expect: { 'smarthost.tls': 'pass', 'smarthost.certificate': 'pass' },
    messages: { 'smarthost.certificate': /matches \*\.example\.test/ },
  },

  // --- STARTTLS and TLS versions -----------------------------------------------------------------
  {
    name: 'no STARTTLS offered',
    input: withMailbox,
    servers: exim({ leaf: 'none' }),
    expect: { 'smarthost.smtp': 'pass', 'smarthost.tls': 'fail', 'smarthost.certificate': 'skip', 'smarthost.accepts-mailbox': 'pass' },
    messages: { 'smarthost.tls': /does not offer STARTTLS/, 'smarthost.certificate': /see smarthost\.tls/ },
  },
  {
    name: 'only TLS 1.0/1.1: Exchange Online needs 1.2',
    input: withMailbox,
    servers: exim({ tlsOptions: { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' } }),
    expect: { 'smarthost.tls': 'fail', 'smarthost.certificate': 'skip', 'smarthost.accepts-mailbox': 'skip' },
    messages: { 'smarthost.tls': /older than 1\.2/, 'smarthost.accepts-mailbox': /see smarthost\.tls/ },
  },
  {
    name: 'STARTTLS offered, then refused with 454',
    servers: { [`${SMART_HOST}:25`]: { kind: 'hostile', behaviour: 'refuses-starttls' }, [`${MS_MX}:25`]: { kind: 'edge', mode: 'internal-relay' } },
    expect: { 'smarthost.smtp': 'pass', 'smarthost.tls': 'fail', 'smarthost.certificate': 'skip' },
    messages: { 'smarthost.tls': /answers it with "454 4\.7\.0/ },
  },
  {
    name: 'the server closes during STARTTLS',
    servers: { [`${SMART_HOST}:25`]: { kind: 'hostile', behaviour: 'close-on-starttls' }, [`${MS_MX}:25`]: { kind: 'edge', mode: 'internal-relay' } },
    expect: { 'smarthost.smtp': 'pass', 'smarthost.tls': 'fail', 'smarthost.certificate': 'skip' },
    messages: { 'smarthost.tls': /handshake with .* fails/ },
  },
  {
    name: 'plaintext garbage instead of a TLS handshake',
    servers: { [`${SMART_HOST}:25`]: { kind: 'hostile', behaviour: 'tls-garbage' }, [`${MS_MX}:25`]: { kind: 'edge', mode: 'internal-relay' } },
    expect: { 'smarthost.tls': 'fail' },
  },

  // --- loops --------------------------------------------------------------------------------------
  {
    name: 'smart host set to the Microsoft MX itself: a loop, by name',
    input: { smartHost: { host: MS_MX, port: 25 }, mailboxes: [MAILBOX] },
    // The SMTP checks would be testing Microsoft, not a hosting server: they skip, pointing at the loop.
    expect: { 'smarthost.resolves': 'pass', 'smarthost.loop': 'fail', 'smarthost.smtp': 'skip', 'smarthost.accepts-mailbox': 'skip' },
    messages: { 'smarthost.loop': /is a Microsoft 365 host.*554 5\.4\.14 Hop count exceeded/, 'smarthost.smtp': /Microsoft 365 itself.*see smarthost\.loop/ },
    remedies: { 'smarthost.loop': /Route email through these smart hosts/ },
  },
  {
    name: 'smart host an alias of the Microsoft MX: a loop, by name',
    input: { smartHost: { host: 'relay.example.test', port: 25 } },
    zone: { 'relay.example.test': [{ CNAME: MS_MX }] },
    expect: { 'smarthost.loop': 'fail', 'smarthost.smtp': 'skip' },
    messages: { 'smarthost.loop': /an alias of example-test\.mail\.protection\.outlook\.com/ },
  },
  {
    name: "smart host at the Microsoft MX's address under another name: a loop, by address",
    input: { smartHost: { host: 'relay.example.test', port: 25 } },
    zone: { 'relay.example.test': [{ A: MS_IP }] },
    expect: { 'smarthost.loop': 'fail', 'smarthost.tls': 'skip' },
    messages: { 'smarthost.loop': /resolves to 198\.51\.100\.10, the address\(es\) of your Microsoft 365 MX/ },
  },
  {
    name: "smart host inside Microsoft's ranges (spf.protection.outlook.com): a loop, by range",
    input: { smartHost: { host: 'relay.example.test', port: 25 } },
    zone: { 'relay.example.test': [{ A: '40.92.1.1' }], ...microsoftRanges },
    expect: { 'smarthost.loop': 'fail' },
    messages: { 'smarthost.loop': /inside Microsoft 365's own ranges/ },
  },

  // --- the smart host unknown or not resolving --------------------------------------------------------
  {
    name: 'a given smart host that does not exist',
    input: { ...withMailbox, smartHost: { host: 'nowhere.example.test', port: 25 } },
    expect: {
      'smarthost.resolves': 'fail',
      'smarthost.loop': 'skip',
      'smarthost.smtp': 'skip',
      'smarthost.tls': 'skip',
      'smarthost.certificate': 'skip',
      'smarthost.accepts-mailbox': 'skip',
      'm365.internal-relay': 'pass',
    },
    messages: { 'smarthost.resolves': /NXDOMAIN/, 'smarthost.smtp': /has no address \(see smarthost\.resolves\)/ },
    remedies: { 'smarthost.resolves': /resolvable host name or an IP address.*Exchange admin center → Mail flow → Connectors/ },
  },
  {
    name: 'no smart host given and mail.<domain> does not resolve: every smarthost check says why it skipped',
    zone: { [SMART_HOST]: [] },
    expect: {
      'smarthost.resolves': 'skip',
      'smarthost.loop': 'skip',
      'smarthost.smtp': 'skip',
      'smarthost.tls': 'skip',
      'smarthost.certificate': 'skip',
      'smarthost.accepts-mailbox': 'skip',
      'm365.internal-relay': 'pass',
    },
    messages: { 'smarthost.resolves': /no --smart-host was given and mail\.example\.test does not resolve/, 'smarthost.smtp': /Give --smart-host/ },
  },
  {
    name: 'mail.<domain> points at Microsoft: not taken as the smart host',
    zone: { [SMART_HOST]: [{ CNAME: MS_MX }] },
    expect: { 'smarthost.resolves': 'skip', 'smarthost.loop': 'skip', 'smarthost.smtp': 'skip' },
    messages: { 'smarthost.resolves': /points at Microsoft 365/ },
  },

  // --- port 25: closed there, or blocked here ---------------------------------------------------------
  {
    name: 'port 25 refused everywhere (blocked here): could not test, error',
    input: withMailbox,
    servers: { [`${SMART_HOST}:25`]: { kind: 'closed' }, [`${MS_MX}:25`]: { kind: 'closed' } },
    expect: {
      'smarthost.resolves': 'pass',
      'smarthost.loop': 'pass',
      'smarthost.smtp': 'error',
      'smarthost.tls': 'error',
      'smarthost.certificate': 'error',
      'smarthost.accepts-mailbox': 'error',
      'm365.internal-relay': 'error',
    },
    messages: {
      'smarthost.smtp': /Could not test the smart host: .*connection refused.*Microsoft's MX .*\(the reference\).*block outgoing port 25/,
      'm365.internal-relay': /did not take a connection on port 25 from this machine/,
    },
    remedies: { 'smarthost.smtp': /outgoing port 25 is open.*--no-smtp/ },
  },
  {
    name: 'port 25 filtered everywhere (connections time out): error within the timeouts',
    input: withMailbox,
    smtp: { timeoutMs: 300 },
    servers: { [`${SMART_HOST}:25`]: { kind: 'blackhole' }, [`${MS_MX}:25`]: { kind: 'blackhole' } },
    expect: { 'smarthost.smtp': 'error', 'smarthost.tls': 'error', 'smarthost.certificate': 'error', 'smarthost.accepts-mailbox': 'error', 'm365.internal-relay': 'error' },
    messages: { 'smarthost.smtp': /timed out/ },
  },
  {
    name: "the smart host refuses port 25 while Microsoft's MX answers: the host's port is closed (4.4.316)",
    input: withMailbox,
    servers: { [`${SMART_HOST}:25`]: { kind: 'closed' }, [`${MS_MX}:25`]: { kind: 'edge', mode: 'internal-relay' } },
    expect: { 'smarthost.smtp': 'fail', 'smarthost.tls': 'skip', 'smarthost.certificate': 'skip', 'smarthost.accepts-mailbox': 'skip', 'm365.internal-relay': 'pass' },
    messages: { 'smarthost.smtp': /does not accept connections .*port 25 works from here.*450 4\.4\.316 Connection refused/, 'smarthost.tls': /see smarthost\.smtp/ },
    remedies: { 'smarthost.smtp': /TCP_IN/ },
  },
  {
    name: "the smart host ignores port 25 (filtered) while Microsoft's MX answers: closed too",
    smtp: { timeoutMs: 300 },
    servers: { [`${SMART_HOST}:25`]: { kind: 'blackhole' }, [`${MS_MX}:25`]: { kind: 'edge', mode: 'internal-relay' } },
    expect: { 'smarthost.smtp': 'fail', 'm365.internal-relay': 'pass' },
    messages: { 'smarthost.smtp': /timed out/ },
  },
  {
    name: 'one of two addresses refuses port 25: a warning',
    zone: { [SMART_HOST]: [{ A: HOSTING_IP }, { A: '203.0.113.26' }] },
    servers: { ...exim(), '203.0.113.26:25': { kind: 'closed' } },
    expect: { 'smarthost.smtp': 'warn', 'smarthost.tls': 'pass', 'smarthost.certificate': 'pass' },
    messages: { 'smarthost.smtp': /Some addresses .*203\.0\.113\.26.*connection refused/ },
  },

  {
    name: 'no route from here to the only (IPv6) address: could not test, never held against the server',
    zone: { [SMART_HOST]: [{ AAAA: '2001:db8::25' }] },
    smtp: { noRoute: ['2001:db8::25'] },
    expect: { 'smarthost.smtp': 'error', 'smarthost.tls': 'error', 'm365.internal-relay': 'pass' },
    messages: { 'smarthost.smtp': /no route from this machine \(ENETUNREACH\)/ },
  },
  {
    name: 'IPv4 answers, the IPv6 address has no route from here: a pass, nothing held against the server',
    zone: { [SMART_HOST]: [{ A: HOSTING_IP }, { AAAA: '2001:db8::25' }] },
    smtp: { noRoute: ['2001:db8::25'] },
    expect: { 'smarthost.smtp': 'pass', 'smarthost.tls': 'pass', 'smarthost.certificate': 'pass' },
  },

  // --- hostile or broken servers --------------------------------------------------------------------
  {
    name: 'a server that never greets: could not test (tarpitting looks the same)',
    smtp: { timeoutMs: 300 },
    servers: { [`${SMART_HOST}:25`]: { kind: 'hostile', behaviour: 'silent' }, [`${MS_MX}:25`]: { kind: 'edge', mode: 'internal-relay' } },
    expect: { 'smarthost.smtp': 'error', 'smarthost.tls': 'skip', 'smarthost.certificate': 'skip' },
    messages: { 'smarthost.smtp': /no complete greeting/ },
    remedies: { 'smarthost.smtp': /--timeout/ },
  },
  {
    name: 'a greeting dripped byte by byte: ends at the timeout',
    smtp: { timeoutMs: 300 },
    servers: { [`${SMART_HOST}:25`]: { kind: 'hostile', behaviour: 'drip-greeting' }, [`${MS_MX}:25`]: { kind: 'edge', mode: 'internal-relay' } },
    expect: { 'smarthost.smtp': 'error' },
  },
  {
    name: 'a megabyte without CRLF: not an SMTP server',
    servers: { [`${SMART_HOST}:25`]: { kind: 'hostile', behaviour: 'megabyte-no-crlf' }, [`${MS_MX}:25`]: { kind: 'edge', mode: 'internal-relay' } },
    expect: { 'smarthost.smtp': 'fail', 'smarthost.tls': 'skip' },
    messages: { 'smarthost.smtp': /not a working SMTP server.*ETOOLARGE/ },
  },
  {
    name: 'an EHLO reply that never ends: not an SMTP server',
    servers: { [`${SMART_HOST}:25`]: { kind: 'hostile', behaviour: 'endless-multiline' }, [`${MS_MX}:25`]: { kind: 'edge', mode: 'internal-relay' } },
    expect: { 'smarthost.smtp': 'fail' },
  },
  {
    name: 'a 554 greeting: the server refuses this prober, could not test',
    servers: { [`${SMART_HOST}:25`]: { kind: 'hostile', behaviour: 'no-service' }, [`${MS_MX}:25`]: { kind: 'edge', mode: 'internal-relay' } },
    expect: { 'smarthost.smtp': 'error', 'smarthost.tls': 'skip' },
    messages: { 'smarthost.smtp': /greeted this machine with "554 5\.7\.1/ },
  },
  {
    name: 'EHLO and HELO refused: could not test',
    servers: { [`${SMART_HOST}:25`]: { kind: 'hostile', behaviour: 'refuses-helo' }, [`${MS_MX}:25`]: { kind: 'edge', mode: 'internal-relay' } },
    expect: { 'smarthost.smtp': 'error' },
    messages: { 'smarthost.smtp': /refused both EHLO and HELO/ },
  },
  {
    name: 'an old MTA with HELO only: works, but no TLS',
    servers: { [`${SMART_HOST}:25`]: { kind: 'hostile', behaviour: 'helo-only' }, [`${MS_MX}:25`]: { kind: 'edge', mode: 'internal-relay' } },
    expect: { 'smarthost.smtp': 'warn', 'smarthost.tls': 'fail', 'smarthost.certificate': 'skip' },
    messages: { 'smarthost.smtp': /only answers HELO/, 'smarthost.tls': /speaks only HELO/ },
  },
  {
    name: 'bare LF line endings: tolerated',
    servers: { [`${SMART_HOST}:25`]: { kind: 'hostile', behaviour: 'bare-lf' }, [`${MS_MX}:25`]: { kind: 'edge', mode: 'internal-relay' } },
    expect: { 'smarthost.smtp': 'pass' },
  },
]);
