import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/** Request bodies of these types are bytes: Nest would document them with the JSON body's schema. */
const BINARY_MEDIA_TYPES = ['application/x-protobuf'];

/** Swagger UI at /api, OpenAPI JSON at /api-json. */
export function setupSwagger(app: NestFastifyApplication): void {
  SwaggerModule.setup('api', app, createOpenApiDocument(app), { jsonDocumentUrl: 'api-json' });
}

/** The OpenAPI document of the app's routes (also written at build time for the console's typed client). */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
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
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN, for GET /metrics' }, 'metrics-token')
      .build(),
  );
  documentBinaryBodies(document);
  documentBodyRefusals(document);
  documentErrorBodies(document);
  return document;
}

/** The one error shape (see error-response.ts), so typed clients know what a refusal carries. */
const ERROR_SCHEMA: NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string] = {
  type: 'object',
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer', example: 400 },
    error: { type: 'string', example: 'Bad Request' },
    message: { type: 'string', example: 'limit must not be greater than 100' },
    details: {
      description: 'Per-field reasons, when a request was invalid',
      example: [{ field: 'limit', errors: ['limit must not be greater than 100'] }],
    },
  },
};

function documentErrorBodies(document: OpenAPIObject): void {
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ErrorResponse: ERROR_SCHEMA } };
  for (const path of Object.values(document.paths)) {
    for (const operation of [path.get, path.put, path.post, path.patch, path.delete]) {
      for (const [status, response] of Object.entries(operation?.responses ?? {})) {
        if (Number(status) >= 400 && response && !('$ref' in response) && !response.content) {
          response.content = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } };
        }
      }
    }
  }
}

function documentBinaryBodies(document: OpenAPIObject): void {
  for (const path of Object.values(document.paths)) {
    for (const operation of [path.get, path.put, path.post, path.patch, path.delete]) {
      const content = operation?.requestBody && 'content' in operation.requestBody ? operation.requestBody.content : undefined;
      for (const type of BINARY_MEDIA_TYPES) if (content?.[type]) content[type] = { schema: { type: 'string', format: 'binary' } };
    }
  }
}

/** What every route that takes a body may answer before its own code runs (see ingest-body-parsers). */
const BODY_REFUSALS = {
  '400': 'Malformed JSON, JSON nested more than HTTP_MAX_JSON_DEPTH levels, or an invalid body',
  '413': 'Body larger than HTTP_MAX_BODY_BYTES, also once decompressed',
  '415': 'Content-Type other than application/json, or a charset other than UTF-8',
};

function documentBodyRefusals(document: OpenAPIObject): void {
  for (const path of Object.values(document.paths)) {
    for (const operation of [path.put, path.post, path.patch]) {
      if (!operation?.requestBody) continue;
      for (const [status, description] of Object.entries(BODY_REFUSALS)) operation.responses[status] ??= { description };
    }
  }
}
