// Loopback addresses besides 127.0.0.1: Linux routes all of 127.0.0.0/8 to lo; macOS (and others) have 127.0.0.1 alone.
// Tests that need distinct addresses (several name servers sharing one port) probe once and skip, saying why, where they cannot bind.
import dgram from 'node:dgram';

export interface Loopback {
  /** Every address could be bound. */
  ok: boolean;
  /** '' when ok; otherwise a title suffix naming the address and why the tests are skipped. */
  skipped: string;
}

async function bindable(address: string): Promise<boolean> {
  const socket = dgram.createSocket(address.includes(':') ? 'udp6' : 'udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, address, () => resolve());
    });
    return true;
  } catch {
    return false;
  } finally {
    await new Promise<void>((resolve) => {
      try {
        socket.close(() => resolve());
      } catch {
        resolve();
      }
    });
  }
}

/** Binds each address once (port 0) to see whether this system has it. */
export async function probeLoopback(addresses: readonly string[]): Promise<Loopback> {
  for (const address of addresses) {
    if (!(await bindable(address))) {
      return { ok: false, skipped: ` (skipped: ${address} cannot be bound on this system, which has no loopback address but 127.0.0.1; these tests need distinct addresses)` };
    }
  }
  return { ok: true, skipped: '' };
}
