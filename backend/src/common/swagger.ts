import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/** Request bodies of these types are bytes: Nest would document them with the JSON body's schema. */
const BINARY_MEDIA_TYPES = ['application/x-protobuf'];

/** Swagger UI at /api, OpenAPI JSON at /api-json. */
export function setupSwagger(app: NestFastifyApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Incident & Log Management Platform')
      .setDescription(
        'Ingest logs, detect error bursts, manage incidents. Users authenticate with a JWT from ' +
          '`POST /auth/login` (Authorize -> jwt); services send logs with an API key (Authorize -> api-key). ' +
          'Every error has the shape `{statusCode, error, message, details?}`.',
      )
      .setVersion('1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'jwt')
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'api-key')
      .build(),
  );
  documentBinaryBodies(document);
  SwaggerModule.setup('api', app, document, { jsonDocumentUrl: 'api-json' });
}

function documentBinaryBodies(document: OpenAPIObject): void {
  for (const path of Object.values(document.paths)) {
    for (const operation of [path.get, path.put, path.post, path.patch, path.delete]) {
      const content = operation?.requestBody && 'content' in operation.requestBody ? operation.requestBody.content : undefined;
      for (const type of BINARY_MEDIA_TYPES) if (content?.[type]) content[type] = { schema: { type: 'string', format: 'binary' } };
    }
  }
}
