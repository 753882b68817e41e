// Validates documents against the JSON Schemas shipped in schema/ (the same files users get).
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';

const ajv = new Ajv2020({ allErrors: true, strict: false });
ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)) && /^\d{4}-\d\d-\d\dT/.test(value));

export function schemaErrors(schemaFile: string, document: unknown): string[] {
  const schema = JSON.parse(readFileSync(new URL(`../../schema/${schemaFile}`, import.meta.url), 'utf8')) as object;
  const validate = ajv.getSchema(schemaFile) ?? (ajv.addSchema(schema, schemaFile), ajv.getSchema(schemaFile)!);
  return validate(document) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}
