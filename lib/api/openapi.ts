import { z } from 'zod';
import { API_ROUTES, type ApiRoute } from './routes';
import { ProblemSchema } from './schemas';

// The OpenAPI 3.1 document, generated from the route table and the zod schemas the server validates with. 3.1
// uses JSON Schema 2020-12, which is what zod writes, so the schemas go in unchanged.

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  // The dialect is the document's (3.1 defaults to 2020-12), so each schema's own $schema line is dropped.
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  return json;
}

const PARAM_DESCRIPTIONS: Record<string, string> = {
  teamId: 'The team’s id (a UUID), as in the address of its page.',
  assessmentId: 'The assessment’s id (a UUID), as in the address of its page.',
  catalogItemId: 'The catalog item’s id, for example `tls-in-transit`.',
  evidenceId: 'The evidence’s id (a UUID).',
  runId: 'The probe run’s id (a UUID), from the answer that started it.',
};

function parametersOf(route: ApiRoute) {
  const path = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1]!, in: 'path', required: true, description: PARAM_DESCRIPTIONS[m[1]!] ?? m[1]!, schema: { type: 'string' } }));
  const query = route.query
    ? Object.entries(route.query.shape).map(([name, field]) => {
        const schema = schemaOf(field as z.ZodType, 'input');
        return { name, in: 'query', required: !(field as z.ZodType).safeParse(undefined).success, ...(schema.description ? { description: schema.description } : {}), schema };
      })
    : [];
  return [...path, ...query];
}

const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });

function operationOf(route: ApiRoute) {
  const ok = 'json' in route.response ? { description: 'Success', content: { 'application/json': { schema: schemaOf(route.response.json, 'output') } } } : { description: 'Success', content: { [route.response.contentType]: { schema: { type: 'string', contentEncoding: 'binary' } } } };
  const body = route.body ? { requestBody: { required: 'binary' in route.body ? true : !route.body.json.safeParse(undefined).success && !route.body.json.safeParse({}).success, content: 'binary' in route.body ? { 'application/octet-stream': { schema: { type: 'string', contentEncoding: 'binary' } } } : { 'application/json': { schema: schemaOf(route.body.json, 'input') } } } } : {};
  const operationId = `${route.method.toLowerCase()}${route.path.replace(/^\/api\/v1/, '').replace(/\{(\w+)\}/g, (_m, p: string) => `By${p[0]!.toUpperCase()}${p.slice(1)}`).replace(/[/-](\w)/g, (_m, c: string) => c.toUpperCase())}`;
  return {
    operationId,
    summary: route.summary,
    description: `${route.description}\n\nScopes: ${route.scopes.map((s) => `\`${s}\``).join(' or ')}.`,
    ...(route.scopes.length ? { security: [{ bearerToken: route.scopes }] } : {}),
    parameters: parametersOf(route),
    ...body,
    responses: {
      [route.response.status]: ok,
      '400': problemResponse('The request is not valid; `errors` names the fields.'),
      '401': problemResponse('No token, or one that is unknown, expired or revoked, or whose owner is disabled.'),
      '403': problemResponse('The token lacks the scope, or its owner may not do this.'),
      '404': problemResponse('No such record, or one the token may not see.'),
      ...(route.method !== 'GET' ? { '409': problemResponse('A conflict; for an item, `current` holds its current state.') } : {}),
      '429': { ...problemResponse('Too many requests from this token; `Retry-After` says when to try again.'), headers: { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } } } },
    },
  };
}

export function openApiDocument(serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of API_ROUTES) (paths[route.path] ??= {})[route.method.toLowerCase()] = operationOf(route);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Preflight API',
      version: '1.0.0',
      description: 'Assessments, items, evidence, reports, probe runs and the release gate. Authenticate with an API token: `Authorization: Bearer pft_…`. A token acts as the person who made it, never beyond its scopes, and a team token only within its team.',
    },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      securitySchemes: { bearerToken: { type: 'http', scheme: 'bearer', description: 'An API token made on the account page (personal), a team’s page (service) or the admin pages (instance).' } },
      schemas: { Problem: schemaOf(ProblemSchema, 'output') },
    },
  };
}
