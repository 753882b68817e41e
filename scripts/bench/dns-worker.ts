// A loopback DNS server in a worker thread, so serving thousands of answers does not slow the process being measured.
import { parentPort, workerData } from 'node:worker_threads';
import { startDnsServer, type Zone } from '../../src/testbed/dns-server.js';

const { zone, latencyMs } = workerData as { zone: Zone; latencyMs: number };
const server = await startDnsServer({ zone, latencyMs });
parentPort!.postMessage({ port: server.address.port });
parentPort!.on('message', async (message: string) => {
  if (message === 'count') parentPort!.postMessage({ queries: server.queries.length });
  if (message === 'close') {
    await server.close();
    parentPort!.postMessage({ closed: true });
  }
});
