// The JSON text Windows PowerShell 5.1's ConvertTo-Json writes, from a value: what an admin's own export looks like on disk.

/** "2026-12-06T10:00:00Z" as 5.1 writes a DateTime: "\/Date(1796551200000)\/". */
export function msDate(iso: string): string {
  return `/Date(${Date.parse(iso)})/`;
}

/**
 * 5.1's ConvertTo-Json text: a UTF-8 byte order mark (Out-File -Encoding UTF8), two spaces after each colon,
 * `'`, `<`, `>` and `&` as \\u escapes, and `/` escaped inside dates (`"\/Date(...)\/"`).
 */
export function windowsPowerShellJson(value: unknown): string {
  const text = JSON.stringify(value, null, 4)
    .replace(/": /g, '":  ')
    .replace(/'/g, '\\u0027')
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/"\/Date\((-?\d+)\)\/"/g, '"\\/Date($1)\\/"');
  return `\uFEFF${text}\r\n`;
}
