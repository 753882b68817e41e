// The evidence file checked against schema/evidence.schema.json (loaded only for --replay): the first departure, in words.
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import schema from '../../schema/evidence.schema.json' with { type: 'json' };

const validate = new Ajv2020({ strict: false }).compile(schema);

/** Where `data` first departs from the schema ("at /dns/lookups/3: must be object"), or undefined when it fits. */
export function evidenceSchemaProblem(data: unknown): string | undefined {
  if (validate(data)) return undefined;
  const errors: ErrorObject[] = validate.errors ?? [];
  // A record whose data does not fit its type fails every branch of the schema's oneOf: say that, not a branch's detail.
  const record = errors.find((e) => e.keyword === 'oneOf');
  if (record) return `at ${record.instancePath || '/'}: a record whose data does not match its type`;
  const first = errors[0];
  return first ? `at ${first.instancePath || '/'}: ${first.message ?? 'invalid'}` : 'it does not match the evidence schema';
}
