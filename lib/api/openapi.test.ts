import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from './openapi';
import { API_ROUTES } from './routes';
import { ItemPatch, PageQuery } from './schemas';

const V1 = path.join(process.cwd(), 'app/api/v1');

/** Every route file under app/api/v1 with the methods it exports, in OpenAPI path style. */
function routesOnDisk(dir = V1): { path: string; methods: string[] }[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routesOnDisk(full);
    if (name !== 'route.ts') return [];
    const source = readFileSync(full, 'utf8');
    const methods = [...source.matchAll(/export (?:const|async function|function) (GET|POST|PATCH|PUT|DELETE)\b/g)].map((m) => m[1]!);
    return [{ path: `/api/v1${path.relative(V1, dir).split(path.sep).map((s) => `/${s.replace(/^\[(\w+)\]$/, '{$1}')}`).join('')}`, methods }];
  });
}

describe('the OpenAPI document', () => {
  it('validates as OpenAPI 3.1', async () => {
    const doc = openApiDocument('https://preflight.example');
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
    expect(doc.openapi).toBe('3.1.0');
  });

  it('documents every route file under /api/v1, and nothing that is not served', () => {
    const served = routesOnDisk()
      .filter((r) => r.path !== '/api/v1/openapi.json')
      .flatMap((r) => r.methods.map((m) => `${m} ${r.path}`))
      .sort();
    expect(API_ROUTES.map((r) => `${r.method} ${r.path}`).sort()).toEqual(served);
  });

  it('takes its request shapes from the schemas the server validates with', () => {
    const doc = openApiDocument('https://preflight.example');
    const patch = doc.paths['/api/v1/assessments/{assessmentId}/items/{catalogItemId}']!.patch as { requestBody: { content: { 'application/json': { schema: { properties: Record<string, unknown>; required?: string[] } } } } };
    const schema = patch.requestBody.content['application/json'].schema;
    expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(ItemPatch.shape).sort());
    expect(schema.required).toEqual(['version']);
    const list = doc.paths['/api/v1/teams/{teamId}/assessments']!.get as { parameters: { name: string; required: boolean }[] };
    expect(list.parameters.map((p) => [p.name, p.required])).toEqual([['teamId', true], ...Object.keys(PageQuery.shape).map((k) => [k, false])]);
  });
});

describe('ItemPatch', () => {
  it('needs a version, refuses unknown fields, and leaves out what is not sent', () => {
    expect(ItemPatch.safeParse({ status: 'met' }).success).toBe(false);
    expect(ItemPatch.safeParse({ version: 2, status: 'met', role: 'admin' }).success).toBe(false);
    expect(ItemPatch.parse({ version: 2, status: 'met' })).toEqual({ version: 2, status: 'met' });
  });
});
