// Bounces as support staff paste them, written fresh (not the fixtures/ ones): an Outlook NDR copied as text, an Exim bounce body.

/**
 * An Exchange Online NDR as Outlook shows it, copied as text; `block` is what follows the failed
 * address. `from`: the From line Outlook shows above it; the recipient's own tenant's
 * MicrosoftExchange address shows that tenant accepted the mail for its domain and relayed it on
 * (src/explain/match.ts relayStrength), which a split-domain diagnosis naming the hosting server needs.
 */
export function outlookNdr(recipient: string, block: string, heading = 'Delivery has failed to these recipients or groups:', from?: string): string {
  return [
    ...(from ? [`From: Microsoft Outlook <${from}>`, 'To: dan@fabrikam.com', 'Subject: Undeliverable: Invoice 2291', ''] : []),
    heading,
    '',
    recipient,
    "Your message couldn't be delivered. A problem occurred while delivering this message to this email address.",
    '',
    'Diagnostic information for administrators:',
    '',
    'Generating server: PH0PR11MB4965.namprd11.prod.outlook.com',
    '',
    recipient,
    block,
    '',
    'Original message headers:',
    '',
    'Authentication-Results: spf=fail (sender IP is 198.51.100.9) smtp.mailfrom=fabrikam.com; dmarc=fail action=none',
    'X-Test: 550 5.7.23 The message was rejected because of Sender Policy Framework violation',
    '',
  ].join('\n');
}

/** Exim's "Mail delivery failed: returning message to sender" body. */
export function eximBounce(recipient: string, detail: string[]): string {
  return [
    'This message was created automatically by mail delivery software.',
    '',
    'A message that you sent could not be delivered to one or more of its',
    'recipients. This is a permanent error. The following address(es) failed:',
    '',
    `  ${recipient}`,
    ...detail.map((l) => `    ${l}`),
    '',
    '------ This is a copy of the message, including all the headers. ------',
    '',
    'Return-path: <alice@fabrikam.com>',
    'From: Alice <alice@fabrikam.com>',
    'Authentication-Results: spf=fail; 550 5.7.26 DMARC',
    '',
  ].join('\n');
}
