// Host names that betray a hosting panel's leftovers (cPanel, Hostinger) in a split-domain zone.

export type HostingVendor = 'cPanel' | 'Hostinger';

/** Known leftover targets: cPanel's autodiscover SRV and Hostinger's autodiscover CNAME and MX hosts. */
const HOSTING_PATTERNS: readonly { pattern: RegExp; vendor: HostingVendor }[] = [
  { pattern: /(^|\.)cpanelemaildiscovery\.cpanel\.net$/, vendor: 'cPanel' },
  { pattern: /(^|\.)cpanel\.net$/, vendor: 'cPanel' },
  { pattern: /(^|\.)hostinger\.[a-z.]+$/, vendor: 'Hostinger' },
];

export function hostingVendor(host: string): HostingVendor | undefined {
  const name = host.toLowerCase().replace(/\.$/, '');
  return HOSTING_PATTERNS.find((p) => p.pattern.test(name))?.vendor;
}
