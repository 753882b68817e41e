// Hosting providers' authenticated submission services: host names a connector's smart host must never be (DOMAIN.md §2, item 9).
import { canonicalName } from '../m365/domains.js';

/**
 * Submission endpoints (ports 587/465, login required) that guides and admins mistake for a smart host. Exchange Online
 * delivers to a smart host on port 25 only and never authenticates, so a connector pointing at one of these loses the
 * mail (DOMAIN.md §2: "smtp.hostinger.com:587/465 is an authenticated submission service, not a valid connector smart
 * host"). smtp.office365.com is Microsoft's own submission endpoint: as a smart host it would also loop.
 */
const SUBMISSION_HOSTS: Readonly<Record<string, string>> = {
  'smtp.hostinger.com': 'Hostinger',
  'smtp.titan.email': 'Titan (Hostinger, Bluehost)',
  'smtpout.secureserver.net': 'GoDaddy',
  'smtp.office365.com': 'Microsoft 365 (client submission)',
  'smtp.gmail.com': 'Google',
  'smtp.zoho.com': 'Zoho',
  'smtp.ionos.com': 'IONOS',
  'mail.privateemail.com': 'Namecheap Private Email',
};

/** The provider whose submission service `host` is, or undefined. */
export function submissionService(host: string): string | undefined {
  return SUBMISSION_HOSTS[canonicalName(host)];
}
