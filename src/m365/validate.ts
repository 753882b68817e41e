// The export file checked against schema/m365-export.schema.json (ajv, loaded only for --m365-export): the first bad value, by its path.
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import schema from '../../schema/m365-export.schema.json' with { type: 'json' };

const validate = new Ajv2020({ strict: false }).compile(schema);

/** Windows PowerShell 5.1's ConvertTo-Json writes enumerations as numbers: say so when a number stands where a name belongs. */
const NUMBER_HINT =
  ' (a number here means the file was written by ConvertTo-Json under Windows PowerShell 5.1, which writes enumerations as numbers: write it with the script `splitcheck m365-export-script` prints)';

/** The words for one ajv error, without the path. */
function describe(error: ErrorObject, value: unknown): string {
  const params = error.params as Record<string, unknown>;
  const schemaPath = error.schemaPath;
  if (error.keyword === 'enum') {
    const allowed = (params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ');
    return `must be one of ${allowed}${typeof value === 'number' ? NUMBER_HINT : ''}`;
  }
  if (error.keyword === 'const' && error.instancePath === '/splitcheckExport') {
    return `is ${JSON.stringify(value)}, but this splitcheck reads export format 1`;
  }
  if (error.keyword === 'pattern') return 'must be a date: ISO 8601 ("2026-12-06T10:00:00Z") or "\\/Date(1733480000000)\\/"';
  if (error.keyword === 'type' && schemaPath.includes('/else/')) {
    // The last branch of a tolerated list (schema: if array / else if object / else null).
    return schemaPath.includes('/strings/') ? 'must be a list of strings (or one string, or null)' : 'must be a list of objects (or one object, or null)';
  }
  if (error.keyword === 'type') return `must be ${String(params['type']).replace(',', ' or ')}`;
  if (error.keyword === 'maxItems' || error.keyword === 'maxLength') return `is longer than this splitcheck reads (${error.message ?? ''})`;
  return error.message ?? 'is not valid';
}

/** The value at a JSON Pointer, to tell what stood there. */
function at(data: unknown, pointer: string): unknown {
  let value = data;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * Where `data` first departs from the export schema, as `at <JSON Pointer>: <what is wrong>`, or undefined when it fits.
 * The pointer names the value in the file as written (a single object where a list is tolerated keeps its own path).
 */
export function exportSchemaProblem(data: unknown): string | undefined {
  if (validate(data)) return undefined;
  // ajv adds an "if" error after the branch that failed: it says nothing the branch's own error does not.
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'if');
  const first = errors[0];
  if (!first) return 'it does not match the export format';
  if (first.keyword === 'required') {
    const missing = String((first.params as { missingProperty?: string }).missingProperty ?? '?');
    return `at ${first.instancePath}/${missing}: missing (the cmdlet's property ${missing} must be there)`;
  }
  const path = first.instancePath || '/';
  return `at ${path}: ${describe(first, at(data, first.instancePath))}`;
}
