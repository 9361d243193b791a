import { apiJson } from '@/app/_server/api-v1';
import { openApiDocument } from '@/lib/api/openapi';
import { env } from '@/lib/env';

// Public: the document describes the API, not anyone's data, and a client generator must read it without a token.
export function GET(): Response {
  return apiJson(openApiDocument(new URL('/', env().PUBLIC_URL).origin));
}
