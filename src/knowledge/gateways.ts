// Third-party inbound filtering gateways that legitimately sit in front of Microsoft 365 in the MX.

/**
 * MX suffixes of common filtering services. With one of these in the MX, mail reaches Microsoft 365
 * through the gateway; splitcheck cannot see past it (DOMAIN.md §1: "a filtering gateway in front of
 * Microsoft hides the answer"), so such an MX is a warning to verify, not a bypass.
 */
const GATEWAYS: readonly { pattern: RegExp; vendor: string }[] = [
  { pattern: /\.mimecast\.(com|co\.za)$/, vendor: 'Mimecast' },
  { pattern: /\.(pphosted|ppe-hosted)\.com$/, vendor: 'Proofpoint' },
  { pattern: /\.barracudanetworks\.com$/, vendor: 'Barracuda' },
  { pattern: /\.iphmx\.com$/, vendor: 'Cisco Secure Email' },
  { pattern: /\.hes\.trendmicro\.(com|eu)$/, vendor: 'Trend Micro' },
  { pattern: /\.hydra\.sophos\.com$/, vendor: 'Sophos' },
  { pattern: /\.messagelabs\.com$/, vendor: 'Broadcom Email Security.cloud' },
  { pattern: /\.mailcontrol\.com$/, vendor: 'Forcepoint' },
  { pattern: /\.hornetsecurity\.com$/, vendor: 'Hornetsecurity' },
];

export function filteringGateway(host: string): string | undefined {
  const name = host.toLowerCase().replace(/\.$/, '');
  return GATEWAYS.find((g) => g.pattern.test(name))?.vendor;
}
