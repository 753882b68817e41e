// Loopback plumbing for the e2e harness: free ports chosen at start, DNS and SMTP readiness probes.
import { createSocket } from 'node:dgram';
import net from 'node:net';
import dnsPacket from 'dns-packet';

function listenTcp(host: string, port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => resolve(server));
  });
}

function bindUdp(host: string, port: number): Promise<ReturnType<typeof createSocket>> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind({ address: host, port, exclusive: true }, () => resolve(socket));
  });
}

/**
 * A port that is free right now on every one of `hosts`, for TCP and (for a DNS server) UDP alike: the
 * kernel picks one for the first host, the others are tried on the same number. The daemon binds it a
 * moment later; the caller retries with a new port if it lost that race.
 */
export async function freePort(hosts: string[], udp: boolean): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const first = await listenTcp(hosts[0]!, 0);
    const port = (first.address() as net.AddressInfo).port;
    const held: { close(cb?: () => void): unknown }[] = [first];
    let ok = true;
    try {
      for (const host of hosts) {
        if (host !== hosts[0]) held.push(await listenTcp(host, port));
        if (udp) held.push(await bindUdp(host, port));
      }
    } catch {
      ok = false;
    }
    await Promise.all(held.map((h) => new Promise<void>((resolve) => h.close(() => resolve()))));
    if (ok) return port;
  }
  throw new Error(`e2e: no port free on all of ${hosts.join(', ')}`);
}

/** A resource record as dns-packet decodes it (`data` depends on the type). */
export interface DnsRecord {
  name: string;
  type: string;
  data: unknown;
}

export interface DnsAnswer {
  rcode: string;
  aa: boolean;
  tc: boolean;
  answers: DnsRecord[];
}

/** One DNS question over UDP (EDNS0, 1232-byte buffer), answered or rejected within `timeoutMs`. */
export function dnsQuery(host: string, port: number, name: string, type: dnsPacket.RecordType, options: { rd?: boolean; timeoutMs?: number } = {}): Promise<DnsAnswer> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    const id = Math.floor(Math.random() * 65_535);
    const timer = setTimeout(() => finish(new Error(`no answer from ${host}:${port} to ${name} ${type}`)), options.timeoutMs ?? 1000);
    function finish(error: Error | undefined, answer?: DnsAnswer): void {
      clearTimeout(timer);
      socket.close();
      if (error) reject(error);
      else resolve(answer!);
    }
    socket.on('error', (error) => finish(error));
    socket.on('message', (message) => {
      const packet = dnsPacket.decode(message);
      if (packet.id !== id) return;
      const flags = packet.flags ?? 0;
      finish(undefined, {
        // dns-packet decodes the RCODE as a name, which its type declarations leave out.
        rcode: (packet as { rcode?: string }).rcode ?? 'NOERROR',
        aa: (flags & dnsPacket.AUTHORITATIVE_ANSWER) !== 0,
        tc: (flags & dnsPacket.TRUNCATED_RESPONSE) !== 0,
        answers: (packet.answers ?? []).filter((a): a is dnsPacket.Answer & DnsRecord => a.type !== 'OPT'),
      });
    });
    const query = dnsPacket.encode({
      type: 'query',
      id,
      flags: options.rd === false ? 0 : dnsPacket.RECURSION_DESIRED,
      questions: [{ type, name, class: 'IN' }],
      additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 1232 } as dnsPacket.Answer],
    });
    // A connected socket: a port nobody listens on yet answers ECONNREFUSED at once (ICMP port
    // unreachable), so readiness probes retry quickly instead of waiting out the timeout.
    socket.connect(port, host, () => socket.send(query));
  });
}

/** Connects and reads the first SMTP reply line: the greeting, which a ready server sends at once. */
export function smtpGreeting(host: string, port: number, timeoutMs = 1000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    let text = '';
    let finished = false;
    const timer = setTimeout(() => done(new Error(`no greeting from ${host}:${port}`)), timeoutMs);
    function done(error?: Error): void {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      if (error) {
        socket.destroy();
        reject(error);
        return;
      }
      socket.end('QUIT\r\n');
      resolve(text.split('\r\n')[0]!);
    }
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
      if (text.includes('\r\n')) done();
    });
    socket.on('error', (error) => done(error));
  });
}
