// XML for tests: a strict parser into a small tree (saxes: XML 1.0 well-formedness, legal characters)
// and XSD validation with libxml2's xmllint (package libxml2-utils), which must be installed.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SaxesParser } from 'saxes';

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own character data (entities decoded), children's text not included. */
  text: string;
}

/** Parse a whole document; throws on anything that is not well-formed XML 1.0. */
export function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser();
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  parser.on('error', (err) => {
    throw err;
  });
  parser.on('opentag', (tag) => {
    const el: XmlElement = { name: tag.name, attrs: { ...(tag.attributes as Record<string, string>) }, children: [], text: '' };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else root = el;
    stack.push(el);
  });
  parser.on('text', (text) => {
    const current = stack[stack.length - 1];
    if (current) current.text += text;
  });
  parser.on('cdata', (text) => {
    const current = stack[stack.length - 1];
    if (current) current.text += text;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(xml).close();
  if (!root) throw new Error('no root element');
  return root;
}

/** Every element named `name` at any depth, in document order. */
export function findAll(el: XmlElement, name: string): XmlElement[] {
  return [...(el.name === name ? [el] : []), ...el.children.flatMap((c) => findAll(c, name))];
}

export const JUNIT_XSD = fileURLToPath(new URL('../../fixtures/junit/junit-10.xsd', import.meta.url));

/**
 * Validate a document against an XSD with `xmllint --schema`: [] when valid, else xmllint's messages.
 * Throws (so the test fails, never skips) when xmllint is not installed.
 */
export function xsdErrors(xml: string, xsdPath: string): string[] {
  const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', xsdPath, '-'], { input: xml, encoding: 'utf8' });
  if (run.error) {
    const code = (run.error as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'ENOENT'
        ? 'xmllint is not installed: install libxml2-utils (apt-get install -y libxml2-utils) to validate the JUnit report'
        : `xmllint could not run: ${run.error.message}`,
    );
  }
  if (run.status === 0) return [];
  return run.stderr.split('\n').filter((line) => line.trim() !== '' && !/validates$/.test(line));
}
