import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

type WasmExports = Record<string, unknown>;
type EngineModule = typeof import('@prisma/schema-engine-wasm') & { __wbg_set_wasm(exports: WasmExports): void };
// Node has WebAssembly; the ES lib typings we compile against do not declare it.
declare const WebAssembly: {
  instantiate(bytes: Uint8Array, imports: Record<string, unknown>): Promise<{ instance: { exports: WasmExports } }>;
};

type ScriptRunner = {
  client: { query(sql: string): Promise<unknown> };
  onError(error: unknown): never;
  executeScript(script: string): Promise<void>;
};

/**
 * @prisma/adapter-pg runs a migration script by splitting it on every `;`, which breaks
 * PL/pgSQL bodies (our triggers and partition function) and applies half a migration when
 * a statement fails. The native engine sends the script whole; so do we: one simple-protocol
 * query, which PostgreSQL runs as a single implicit transaction.
 */
class WholeScriptPrismaPg extends PrismaPg {
  override async connect() {
    const adapter = await super.connect();
    const runner = adapter as unknown as ScriptRunner;
    runner.executeScript = async (script: string) => {
      try {
        await runner.client.query(script);
      } catch (error) {
        runner.onError(error);
      }
    };
    return adapter;
  }
}

/**
 * Prisma's schema engine compiled to WebAssembly: the same migration logic as
 * `prisma migrate deploy`, without the native binary that cannot be downloaded here.
 *
 * The package's entry `import`s its .wasm file, which Node 20 refuses without
 * --experimental-wasm-modules, so the module is instantiated by hand from its JS glue.
 */
export interface OpenedSchemaEngine {
  engine: SchemaEngine;
  /** Frees the engine and closes its database connections. */
  close(): Promise<void>;
}

// One instance of the WebAssembly module per process: starting a second one in the same
// process panics (it sets process-wide hooks again). Engines are created from the one instance.
let loadedGlue: Promise<EngineModule> | undefined;

function loadEngineModule(): Promise<EngineModule> {
  loadedGlue ??= (async () => {
    const requireFromHere = createRequire(join(process.cwd(), 'package.json'));
    const gluePath = requireFromHere.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const glue = requireFromHere(gluePath) as EngineModule;
    const wasmBytes = readFileSync(join(dirname(gluePath), 'schema_engine_bg.wasm'));
    const { instance } = await WebAssembly.instantiate(wasmBytes, {
      './schema_engine_bg.js': glue,
    });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return loadedGlue;
}

export async function openSchemaEngine(databaseUrl: string, schemaPath: string): Promise<OpenedSchemaEngine> {
  const glue = await loadEngineModule();

  const schema = readFileSync(schemaPath, 'utf8');
  const pool = new Pool({ connectionString: databaseUrl, max: 2 });
  const adapterFactory = bindMigrationAwareSqlAdapterFactory(new WholeScriptPrismaPg(pool));
  try {
    const engine = await glue.SchemaEngine.new({ datamodels: [[schemaPath, schema]] }, () => undefined, adapterFactory);
    return {
      engine,
      async close() {
        engine.free();
        await pool.end();
      },
    };
  } catch (error) {
    await pool.end();
    throw error;
  }
}
