// Whether a host name belongs to Microsoft 365's mail infrastructure (any cloud), by suffix.

/** Suffixes of Microsoft 365 / Exchange Online mail hosts in every cloud. */
const MICROSOFT_SUFFIXES = [
  'protection.outlook.com',
  'outlook.com',
  'office365.com',
  'office365.us',
  'outlook.cn',
  'mx.microsoft',
  'dkim.mail.microsoft',
  'onmicrosoft.com',
] as const;

export function isMicrosoftName(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return MICROSOFT_SUFFIXES.some((suffix) => name === suffix || name.endsWith(`.${suffix}`));
}
