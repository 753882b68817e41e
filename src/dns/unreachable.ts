// Why a DNS server could not be reached, in words: the socket error codes of connect() and send() explained.
import { errorText } from './packet.js';
import { socketErrorCode } from './transport.js';

/** Node's socket error codes that mean the packet never got to a DNS server, and what each says about this machine. */
const WHY: Readonly<Record<string, string>> = {
  ENETUNREACH: 'the network is unreachable from this machine (no route to it)',
  EHOSTUNREACH: 'no route to that host from this machine',
  ECONNREFUSED: 'it refused: nothing listens on that port (ICMP port unreachable)',
  EACCES: 'this machine may not send there (a broadcast address, or a local firewall rule)',
  EPERM: 'a local firewall rule refused the packet',
  EADDRNOTAVAIL: 'that address cannot be used from this machine',
  EAFNOSUPPORT: 'this machine has no support for that address family',
  ENETDOWN: 'the network interface is down',
  EHOSTDOWN: 'the host is down',
};

/**
 * "the DNS server could not be reached: the network is unreachable from this machine (no route to it)":
 * the resolver was never asked, said so instead of Node's message for the syscall. The caller names the
 * server and the code beside it (ask.ts: "ENETUNREACH from 192.0.2.53:53 (2 attempts): ...").
 */
export function unreachableText(error: unknown): string {
  const why = WHY[socketErrorCode(error)];
  return why ? `the DNS server could not be reached: ${why}` : errorText(error);
}
