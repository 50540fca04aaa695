import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { AppModule } from '../src/app.module';
import { createOpenApiDocument } from '../src/common/swagger';
import { loadConfig, resolveConfig } from '../src/config/config.schema';

/**
 * Writes the app's OpenAPI document (the one served at /api-json) without a database: in
 * preview mode Nest builds the module graph and reads the route metadata but instantiates no
 * provider, so nothing connects. The console's API types are generated from this file.
 */
async function main(): Promise<void> {
  const output = resolve(process.argv[2] ?? 'dist/openapi.json');
  const unused = 'postgresql://build:build@127.0.0.1:1/unused';
  // Preview mode signs and encrypts nothing: these values only satisfy the config's shape.
  const placeholder = 'openapi-document-build-placeholder-not-a-secret';
  const config = resolveConfig(loadConfig({ NODE_ENV: 'test', DATABASE_URL: unused }), {
    databaseUrl: unused,
    jwtSecret: placeholder,
    encryptionKey: placeholder,
  });
  const app = await NestFactory.create(AppModule.register(config), new FastifyAdapter(), {
    preview: true,
    abortOnError: false,
    logger: ['error'],
  });
  const document = createOpenApiDocument(app);
  await app.close();
  await mkdir(dirname(output), { recursive: true });
  await writeFile(output, `${JSON.stringify(document, null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
