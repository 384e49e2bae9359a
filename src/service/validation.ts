/** Swedish messages for request bodies that fail their JSON schema (Fastify validates them with Ajv). */

interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
}

const TYPES: Record<string, string> = {
  string: 'en text',
  integer: 'ett heltal',
  number: 'ett tal',
  boolean: 'true eller false',
  object: 'ett JSON-objekt',
  array: 'en lista',
};

/** The first problem, said so that a person can fix the request. */
export function validationMessage(errors: readonly SchemaError[]): string {
  const e = errors[0];
  if (!e) return 'Ogiltig förfrågan.';
  const field = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (e.keyword === 'required') return `Fältet "${String(e.params.missingProperty)}" saknas.`;
  if (!field && e.keyword === 'type') return 'Förfrågan ska vara ett JSON-objekt.';
  if (e.keyword === 'type') return `Fältet "${field}" ska vara ${TYPES[String(e.params.type)] ?? String(e.params.type)}.`;
  if (e.keyword === 'maxLength') return `Fältet "${field}" är för långt (högst ${String(e.params.limit)} tecken).`;
  if (e.keyword === 'additionalProperties') return `Okänt fält "${String(e.params.additionalProperty)}".`;
  if (e.keyword === 'maxItems') return `Listan "${field}" är för lång (högst ${String(e.params.limit)}).`;
  if (e.keyword === 'enum') return `Fältet "${field}" har ett okänt värde.`;
  if (e.keyword === 'minimum' || e.keyword === 'maximum') return `Fältet "${field}" har ett värde utanför det tillåtna.`;
  return field ? `Fältet "${field}" är ogiltigt.` : 'Ogiltig förfrågan.';
}
