/** Swedish messages (messages.ts) for request bodies that fail their JSON schema (Fastify validates them with Ajv). */
import { HTTP_MESSAGES as M, SCHEMA_TYPES } from './messages';

interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
}

/** The first problem, said so that a person can fix the request. */
export function validationMessage(errors: readonly SchemaError[]): string {
  const e = errors[0];
  if (!e) return M.badRequest;
  const field = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (e.keyword === 'required') return M.fieldMissing(String(e.params.missingProperty));
  if (!field && e.keyword === 'type') return M.notAnObject;
  if (e.keyword === 'type') return M.fieldType(field, SCHEMA_TYPES[String(e.params.type)] ?? String(e.params.type));
  if (e.keyword === 'maxLength') return M.fieldTooLong(field, String(e.params.limit));
  if (e.keyword === 'additionalProperties') return M.unknownField(String(e.params.additionalProperty));
  if (e.keyword === 'maxItems') return M.listTooLong(field, String(e.params.limit));
  if (e.keyword === 'enum') return M.unknownValue(field);
  if (e.keyword === 'minimum' || e.keyword === 'maximum') return M.outOfRange(field);
  return field ? M.fieldInvalid(field) : M.badRequest;
}
