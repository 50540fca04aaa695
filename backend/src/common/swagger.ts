import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

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
  SwaggerModule.setup('api', app, document, { jsonDocumentUrl: 'api-json' });
}
