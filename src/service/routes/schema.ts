/** JSON-schema shorthands for the console's routes: Fastify validates each body before its handler runs. */

/** A JSON object body with these properties, of which `required` must be present. */
export const jsonBody = (properties: Record<string, object>, required: string[]) => ({
  body: { type: 'object', properties, required },
});
