// Fills `{name}` placeholders of message and remedy templates from a verdict's data.
import { escapeControl, listing } from '../util/text.js';
import type { TemplateData } from './types.js';

/**
 * Replace `{key}` with data[key]; lists read as "a, b and c". An unknown key is left visible, not
 * hidden. Values come from DNS and SMTP peers, so their control characters are escaped here: a
 * line break in a message is the template's, never the data's.
 */
export function fillTemplate(template: string, data: TemplateData = {}): string {
  return template.replace(/\{([a-zA-Z][a-zA-Z0-9]*)\}/g, (whole, key: string) => {
    const value = data[key];
    if (value === undefined) return whole;
    // A plugin's data is not typed at run time: anything else than a string, number or list is said as String() says it.
    return escapeControl(typeof value === 'string' || typeof value === 'number' ? String(value) : Array.isArray(value) ? listing(value.map(String)) : String(value));
  });
}
