// How hosting panels sign mail with DKIM: cPanel's selector and where it shows the record to publish.
import { CPANEL } from './consoles.js';

/** cPanel (Exim) signs with the selector `default`: TXT `v=DKIM1; k=rsa; p=...` at `default._domainkey.<domain>`. */
export const CPANEL_DKIM_SELECTOR = 'default';

/** Where cPanel shows the DKIM record it signs with, ready to copy. */
export const CPANEL_DELIVERABILITY_PAGE = CPANEL.emailDeliverability;

/** RFC 8301 §3.2: verifiers MUST NOT accept RSA keys under 1024 bits; signers SHOULD use at least 2048. */
export const RSA_MIN_BITS = 1024;
export const RSA_RECOMMENDED_BITS = 2048;
