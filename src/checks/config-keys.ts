// Which keys of the config file (splitcheck.config.json) each check's verdict depends on: an annotation on a finding points at the key that set its input.

/**
 * Check id -> the config keys (JSON pointers into the config file) whose values the check judges,
 * most specific first. Only inputs count: the domain and the run's settings (resolvers, timeout) say
 * where to look, not what is expected, so a finding is never pinned on them.
 */
export const CHECK_CONFIG_KEYS: Readonly<Record<string, readonly string[]>> = {
  'mx.m365-primary': ['/expect/mxHost', '/expect/cloud'],
  'mx.no-bypass': ['/expect/cloud'],
  'spf.m365-include': ['/expect/cloud'],
  'spf.hosting-covered': ['/hostingIps', '/smartHost'],
  'dkim.m365': ['/expect/cloud'],
  'dkim.hosting': ['/dkimSelector'],
  'autodiscover.cname': ['/expect/cloud'],
  'smarthost.resolves': ['/smartHost'],
  'smarthost.loop': ['/smartHost'],
  'smarthost.smtp': ['/smartHost'],
  'smarthost.tls': ['/smartHost'],
  'smarthost.certificate': ['/tlsName', '/caFile', '/smartHost'],
  'smarthost.accepts-mailbox': ['/mailboxes', '/smartHost'],
  'smarthost.routes-to-m365': ['/m365Mailboxes', '/smartHost'],
  'm365.internal-relay': ['/mailboxes'],
  'm365.accepted-domain': ['/m365Export'],
  'm365.connector': ['/m365Export', '/smartHost'],
  'm365.connector-tls': ['/m365Export', '/smartHost'],
  'm365.direct-send': ['/m365Export', '/hostingIps'],
  'm365.dkim-signing': ['/m365Export'],
  'hosting.routing': ['/cpanel'],
  'mailboxes.duplicates': ['/m365Export', '/cpanel'],
  'mailboxes.hosting-to-m365': ['/m365Export', '/cpanel'],
  'dns.consistency': ['/dkimSelector'],
};

/** The first of the check's keys the run took from the config file, if any. */
export function configKeyOf(checkId: string, keysFromFile: Readonly<Record<string, number>>): string | undefined {
  const keys = Object.hasOwn(CHECK_CONFIG_KEYS, checkId) ? CHECK_CONFIG_KEYS[checkId]! : [];
  return keys.find((key) => Object.hasOwn(keysFromFile, key));
}
