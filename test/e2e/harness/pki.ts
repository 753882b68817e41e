// The e2e suite's test CA, made at setup with Debian's openssl CLI: a root, an intermediate, and RSA leaves for the smart hosts.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/*
 * Why openssl and not the project's own src/testbed/certs.ts: the unit tests already make their
 * certificates with that code, and an end-to-end test should not let one piece of the project vouch
 * for another. These come from the tool real servers' certificates come from, in the shape cPanel's
 * AutoSSL installs (RSA 2048 leaf, issued by an intermediate), and Exim's GnuTLS loads them.
 */

export interface Leaf {
  key: string;
  /** The leaf alone. */
  cert: string;
  /** The leaf followed by the intermediate: what a correctly configured server sends. */
  chain: string;
}

export interface Pki {
  /** The root certificate, for --ca-file. */
  caFile: string;
  leaves: Record<string, Leaf>;
}

async function openssl(dir: string, args: string[]): Promise<void> {
  try {
    await run('openssl', args, { cwd: dir });
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`e2e: openssl ${args.join(' ')} failed: ${e.stderr ?? e.message}`);
  }
}

const SUBJECT_ORG = '/O=splitcheck e2e test CA';

/** Makes the CA and one leaf per host name (each valid for that name only), under `<dir>/pki/`. */
export async function makePki(dir: string, hostnames: string[]): Promise<Pki> {
  const pki = join(dir, 'pki');
  mkdirSync(pki, { recursive: true });
  writeFileSync(
    join(pki, 'ext.cnf'),
    [
      '[intermediate]',
      'basicConstraints = critical, CA:TRUE, pathlen:0',
      'keyUsage = critical, keyCertSign, cRLSign',
      'subjectKeyIdentifier = hash',
      'authorityKeyIdentifier = keyid:always',
      ...hostnames.flatMap((name) => [
        `[leaf_${name}]`,
        'basicConstraints = critical, CA:FALSE',
        'keyUsage = critical, digitalSignature, keyEncipherment',
        'extendedKeyUsage = serverAuth',
        `subjectAltName = DNS:${name}`,
        'subjectKeyIdentifier = hash',
        'authorityKeyIdentifier = keyid:always',
      ]),
      '',
    ].join('\n'),
  );
  // RSA 2048 for the servers' keys, as AutoSSL issues them; ECDSA P-256 for the CAs (as Let's Encrypt's
  // E-series intermediates), whose keys take no time to make: RSA key generation is the slow part.
  const rsa = ['-newkey', 'rsa:2048', '-nodes'];
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  await Promise.all([
    // A self-signed root; OpenSSL's default req config adds the key identifiers.
    openssl(pki, ['req', '-x509', ...ec, '-keyout', 'root.key', '-out', 'root.pem', '-days', '30', '-subj', `${SUBJECT_ORG}/CN=splitcheck e2e Root CA`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']),
    openssl(pki, ['req', '-new', ...ec, '-keyout', 'intermediate.key', '-out', 'intermediate.csr', '-subj', `${SUBJECT_ORG}/CN=splitcheck e2e Intermediate CA`]),
    ...hostnames.map((name) => openssl(pki, ['req', '-new', ...rsa, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`])),
  ]);
  await openssl(pki, ['x509', '-req', '-in', 'intermediate.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-set_serial', '0x1001', '-days', '30', '-extfile', 'ext.cnf', '-extensions', 'intermediate', '-out', 'intermediate.pem']);
  const leaves: Record<string, Leaf> = {};
  await Promise.all(
    hostnames.map(async (name, i) => {
      await openssl(pki, ['x509', '-req', '-in', `${name}.csr`, '-CA', 'intermediate.pem', '-CAkey', 'intermediate.key', '-set_serial', `0x${(0x2001 + i).toString(16)}`, '-days', '30', '-extfile', 'ext.cnf', '-extensions', `leaf_${name}`, '-out', `${name}.pem`]);
      const chain = join(pki, `${name}.chain.pem`);
      writeFileSync(chain, readFileSync(join(pki, `${name}.pem`), 'utf8') + readFileSync(join(pki, 'intermediate.pem'), 'utf8'));
      leaves[name] = { key: join(pki, `${name}.key`), cert: join(pki, `${name}.pem`), chain };
    }),
  );
  return { caFile: join(pki, 'root.pem'), leaves };
}
