import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * Everything, the console included, gets a strict policy: script and style only from files
 * of this origin (no inline script, no style attributes), no framing, no plugins.
 */
const STRICT = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

// Swagger UI (at /api only) needs inline scripts and styles, and fetches its validator badge.
const SWAGGER_UI =
  "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: validator.swagger.io; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

const isSwaggerUi = (url: string) => url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');

export async function registerContentSecurityPolicy(app: NestFastifyApplication): Promise<void> {
  // No upgrade-insecure-requests: the service is often reached over plain HTTP inside a
  // network (or on localhost), where upgrading would break every request.
  await app.register(helmet, { contentSecurityPolicy: { useDefaults: false, directives: STRICT } });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', async (request, reply) => {
      if (isSwaggerUi(request.url)) void reply.header('content-security-policy', SWAGGER_UI);
    });
}
