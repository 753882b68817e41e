// The identities check_host() is called with (RFC 7208 §2.3, §2.4, §4.3): sender, its local part and domain.

export interface SenderParts {
  /** "local@domain", with "postmaster" for an empty local part (RFC 7208 §4.3). */
  sender: string;
  local: string;
  domain: string;
}

/** Splits <sender> at its last "@"; no "@" or an empty local part means "postmaster" (RFC 7208 §4.3). */
export function splitSender(sender: string): SenderParts {
  const at = sender.lastIndexOf('@');
  const local = (at < 0 ? '' : sender.slice(0, at)) || 'postmaster';
  const domain = at < 0 ? sender : sender.slice(at + 1);
  return { sender: `${local}@${domain}`, local, domain };
}

/**
 * The MAIL FROM check (RFC 7208 §2.4): the <domain> is the reverse-path's domain; a null
 * reverse-path checks the HELO identity as "postmaster@<helo>".
 */
export function mailFromIdentity(mailFrom: string, helo: string): SenderParts {
  return splitSender(mailFrom === '' ? `postmaster@${helo}` : mailFrom);
}
