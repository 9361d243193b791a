import NextAuth from 'next-auth';
import { authOptions } from '@/app/_server/auth-options';

// Built on first use, not at import: the build imports route modules without the runtime secrets.
let handler: ReturnType<typeof NextAuth> | undefined;
function authHandler() {
  handler ??= NextAuth(authOptions());
  return handler;
}

type Context = { params: Promise<{ nextauth: string[] }> };

export async function GET(request: Request, context: Context) {
  return authHandler()(request, context);
}
export async function POST(request: Request, context: Context) {
  return authHandler()(request, context);
}
