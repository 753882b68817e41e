// Seeded DKIM key records for the differential test: real keys, valid records and subtly broken ones, each with the key that signed the test message.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { prng } from '../../../src/testbed/prng.js';

export interface SigningKey {
  name: string;
  /** The DKIM signature algorithm dkimpy signs with. */
  algorithm: 'rsa-sha256' | 'ed25519-sha256';
  /** What dkimpy's sign() takes: a PEM private key, or the base64 Ed25519 seed. */
  privateKey: string;
  /** The `p=` value a signer publishes (SPKI for RSA, the raw 32 octets for Ed25519, RFC 8463 §4.2). */
  p: string;
  /** Other encodings of the same public key, for records that publish it wrongly. */
  pkcs1?: string;
  spki?: string;
}

/** Keys made fresh for each run: 3072-bit and Ed25519 keys end in "=" padding, 1024/2048-bit SPKI do not. */
export function makeKeys(): SigningKey[] {
  const rsa = (bits: number): SigningKey => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: bits });
    return {
      name: `rsa${bits}`,
      algorithm: 'rsa-sha256',
      privateKey: privateKey.export({ format: 'pem', type: 'pkcs1' }).toString(),
      p: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
      pkcs1: publicKey.export({ format: 'der', type: 'pkcs1' }).toString('base64'),
    };
  };
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = (k: KeyObject, field: 'x' | 'd'): string => Buffer.from(k.export({ format: 'jwk' })[field] ?? '', 'base64url').toString('base64');
  const ed: SigningKey = {
    name: 'ed25519',
    algorithm: 'ed25519-sha256',
    privateKey: jwk(privateKey, 'd'),
    p: jwk(publicKey, 'x'),
    spki: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
  };
  return [rsa(1024), rsa(2048), rsa(3072), rsa(768), ed];
}

/** Another key type's SPKI, for a k=rsa record whose p= is no RSA key. */
export const EC_SPKI = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ format: 'der', type: 'spki' }).toString('base64');

export interface KeyRecordCase {
  index: number;
  key: string;
  /** The record as published: its character-strings (joined with nothing between, RFC 6376 §3.6.2.2). */
  strings: string[];
  text: string;
  /** The mutations applied, for the failure report. */
  mutations: string[];
}

interface Tag {
  name: string;
  value: string;
}

type Mutation = (tags: Tag[], key: SigningKey, pick: <T>(items: readonly T[]) => T) => Tag[] | string | undefined;

const set = (tags: Tag[], name: string, value: string): Tag[] => {
  const i = tags.findIndex((t) => t.name === name);
  if (i < 0) return [...tags.slice(0, -1), { name, value }, tags[tags.length - 1]!].filter(Boolean);
  return tags.map((t, j) => (j === i ? { name, value } : t));
};
const editP = (tags: Tag[], edit: (p: string) => string): Tag[] => tags.map((t) => (t.name === 'p' ? { name: 'p', value: edit(t.value) } : t));
const at = (text: string, pick: <T>(items: readonly T[]) => T): number => pick(Array.from({ length: Math.max(1, text.length - 1) }, (_, i) => i + 1));

/**
 * One mutation each: the ways a key record is published wrongly or unusually. Names are what the
 * failure report prints; the function returns tags, or the final text when it changes more than tags.
 */
const MUTATIONS: Record<string, Mutation> = {
  'no-v': (tags) => tags.filter((t) => t.name !== 'v'),
  'v-not-first': (tags) => [...tags.filter((t) => t.name !== 'v'), ...tags.filter((t) => t.name === 'v')],
  'v-value': (tags, _k, pick) => set(tags, 'v', pick(['dkim1', 'DKIM2', 'DKIM1 ', ''])),
  'no-k': (tags) => tags.filter((t) => t.name !== 'k'),
  'k-value': (tags, _k, pick) => set(tags, 'k', pick(['RSA', '', 'dsa', 'ed25519', 'rsa'])),
  h: (tags, _k, pick) => set(tags, 'h', pick(['sha256', 'sha1', 'sha1:sha256', '', '', 'sha256 : sha1', 'sha1: sha256', 'SHA256', 'sha512'])),
  s: (tags, _k, pick) => set(tags, 's', pick(['email', '*', 'tlsrpt', 'email:tlsrpt', '', ' email ', 'x:email'])),
  t: (tags, _k, pick) => set(tags, 't', pick(['y', 's', 'y:s', '', 'x'])),
  g: (tags, _k, pick) => set(tags, 'g', pick(['*', '', 'postmaster'])),
  n: (tags) => set(tags, 'n', 'a note'),
  'unknown-tag': (tags, _k, pick) => set(tags, pick(['x', 'x_y', 'z1']), 'foo'),
  'bad-tag-name': (tags, _k, pick) => set(tags, pick(['1x', 'x-y', 'é']), 'foo'),
  'upper-tag-name': (tags, _k, pick) => {
    const name = pick(['v', 'k', 'p']);
    return tags.map((t) => (t.name === name ? { name: name.toUpperCase(), value: t.value } : t));
  },
  duplicate: (tags, _k, pick) => {
    const dup = pick(tags);
    return [...tags, { ...dup }];
  },
  'duplicate-different': (tags, _k, pick) => {
    const name = pick(['k', 't', 'v']);
    const value = name === 'k' ? 'ed25519' : name === 't' ? 'y' : 'DKIM1';
    return [...tags, { name, value }];
  },
  'no-p': (tags) => tags.filter((t) => t.name !== 'p'),
  revoked: (tags) => editP(tags, () => ''),
  'pad-drop': (tags) => editP(tags, (p) => p.replace(/=+$/, '')),
  'pad-drop-one': (tags) => editP(tags, (p) => p.replace(/=$/, '')),
  'pad-extra': (tags) => editP(tags, (p) => `${p}=`),
  'corrupt-char': (tags, _k, pick) => editP(tags, (p) => {
    const i = at(p, pick);
    return `${p.slice(0, i)}${pick(['*', '-', '_', '.', '!'])}${p.slice(i + 1)}`;
  }),
  'insert-junk': (tags, _k, pick) => editP(tags, (p) => {
    const i = at(p, pick);
    return `${p.slice(0, i)}${pick(['*', '$', '%'])}${p.slice(i)}`;
  }),
  'inner-padding': (tags, _k, pick) => editP(tags, (p) => {
    const i = at(p, pick);
    return `${p.slice(0, i)}=${p.slice(i)}`;
  }),
  truncate: (tags, _k, pick) => editP(tags, (p) => p.slice(0, p.length - pick([4, 8, 40]))),
  'fold-p': (tags, _k, pick) => editP(tags, (p) => {
    const i = at(p, pick);
    return `${p.slice(0, i)}${pick([' ', '\t', '\r\n ', '  '])}${p.slice(i)}`;
  }),
  'quote-p': (tags) => editP(tags, (p) => `"${p}"`),
  'quote-inside-p': (tags, _k, pick) => editP(tags, (p) => {
    const i = at(p, pick);
    return `${p.slice(0, i)}" "${p.slice(i)}`;
  }),
  pkcs1: (tags, key) => (key.pkcs1 ? editP(tags, () => key.pkcs1!) : undefined),
  'ed25519-spki': (tags, key) => (key.spki ? editP(tags, () => key.spki!) : undefined),
  'ec-key': (tags) => editP(tags, () => EC_SPKI),
};

/** Mutations that rewrite the text once the tags are joined. */
const TEXT_MUTATIONS: Record<string, (text: string, pick: <T>(items: readonly T[]) => T) => string> = {
  'quote-record': (text) => `"${text}"`,
  'empty-segment': (text, pick) => {
    const semis = [...text.matchAll(/;/g)].map((m) => m.index);
    const i = semis.length > 0 ? pick(semis) : 0;
    return `${text.slice(0, i)};${text.slice(i)}`;
  },
  'leading-semicolon': (text) => `; ${text}`,
  'bare-word': (text, pick) => {
    const semis = [...text.matchAll(/;/g)].map((m) => m.index);
    const i = semis.length > 0 ? pick(semis) : text.length;
    return `${text.slice(0, i)}; ${pick(['rsa', 'DKIM1', 'email'])}${text.slice(i)}`;
  },
  'trailing-semicolons': (text, pick) => `${text}${pick([';', '; ', ';;', '; ;'])}`,
  'spaces-around-equals': (text) => text.split(';').map((segment) => segment.replace('=', ' = ')).join(';'),
  'no-spaces': (text) => text.replace(/; /g, ';'),
  'tabs-around-semicolons': (text) => text.replace(/; /g, '\t;\t'),
};

/** RFC 1035 §3.3: at most 255 octets a string; publishers cut long records anywhere. */
function split(text: string, pick: <T>(items: readonly T[]) => T): string[] {
  const size = pick([255, 255, 100, 37]);
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length > 0 ? out : [''];
}

/** The record of case `index` under `seed`: a key and zero to three mutations. */
export function makeKeyRecord(seed: number, index: number, keys: readonly SigningKey[]): KeyRecordCase {
  const random = prng(seed * 100_003 + index);
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const key = pick(keys);
  let tags: Tag[] = [
    { name: 'v', value: 'DKIM1' },
    { name: 'k', value: key.algorithm === 'ed25519-sha256' ? 'ed25519' : 'rsa' },
    { name: 'p', value: key.p },
  ];
  const mutations: string[] = [];
  const names = Object.keys(MUTATIONS);
  const textNames = Object.keys(TEXT_MUTATIONS);
  const count = pick([0, 1, 1, 1, 1, 2, 3]);
  const textEdits: string[] = [];
  for (let i = 0; i < count; i++) {
    if (random() < 0.25) {
      textEdits.push(pick(textNames));
      continue;
    }
    const name = pick(names);
    const next = MUTATIONS[name]!(tags, key, pick);
    if (next === undefined || typeof next === 'string') continue;
    tags = next;
    mutations.push(name);
  }
  let text = tags.map((t) => `${t.name}=${t.value}`).join('; ');
  for (const name of textEdits) {
    text = TEXT_MUTATIONS[name]!(text, pick);
    mutations.push(name);
  }
  return { index, key: key.name, strings: split(text, pick), text, mutations };
}
