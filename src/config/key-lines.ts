// Where each key of a JSON config file is written: JSON pointer -> line, so an annotation can point at the line that set a value.

/** Keys this deep are located (`/smartHost` is 1, `/expect/mxHost` is 2); deeper ones are not needed. */
const MAX_DEPTH = 2;

/**
 * The 1-based line of every object key up to MAX_DEPTH, for text JSON.parse has already accepted (so
 * the scan only has to follow strings and nesting). A key written twice maps to its last line, the
 * one JSON.parse keeps.
 */
export function keyLines(text: string): Record<string, number> {
  const lines: Record<string, number> = {};
  // One frame per open object or array: the object's pointer, and whether the next string is a key.
  const stack: { pointer: string; object: boolean; expectKey: boolean; lastKey?: string }[] = [];
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    else if (ch === '{' || ch === '[') {
      const parent = stack[stack.length - 1];
      const pointer = parent?.object && parent.lastKey !== undefined ? `${parent.pointer}/${parent.lastKey}` : (parent?.pointer ?? '');
      stack.push({ pointer, object: ch === '{', expectKey: ch === '{' });
    } else if (ch === '}' || ch === ']') stack.pop();
    else if (ch === ',') {
      const top = stack[stack.length - 1];
      if (top?.object) top.expectKey = true;
    } else if (ch === '"') {
      const start = i;
      // Skip to the closing quote; JSON strings hold no raw line breaks.
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      const top = stack[stack.length - 1];
      if (top?.object && top.expectKey) {
        top.expectKey = false;
        top.lastKey = escapePointer(JSON.parse(text.slice(start, i + 1)) as string);
        if (stack.length <= MAX_DEPTH) lines[`${top.pointer}/${top.lastKey}`] = line;
      }
    }
  }
  return lines;
}

/** RFC 6901 §3: `~` and `/` in a key are written `~0` and `~1`. */
function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
