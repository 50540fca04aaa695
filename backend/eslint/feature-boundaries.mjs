// The folder rules of src/ (see the journal, "Feature folders and their public files"):
//   1. A feature imports another feature only through its public file (`../users`, which is
//      users/index.ts), never a file inside it (`../users/users.service`).
//   2. The import graph between the folders of src/ has no cycle.
//   3. The shared folders import no feature; anything may import them, at any depth.
// Files directly in src/ (main.ts, app.module.ts, app.factory.ts) are the composition root:
// they too import features through their public files; no folder may import them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export const SHARED_FOLDERS = new Set(['common', 'config', 'database', 'dev-database', 'generated']);

/** Relative import specifiers of a source text, `import type` included: types are dependencies too. */
export function importSpecifiers(source) {
  const found = [];
  const patterns = [
    /(?:^|[\s;])(?:import|export)\s[^'";]*?\sfrom\s*'([^']+)'/g,
    /(?:^|[\s;])import\s*'([^']+)'/g,
    /\bimport\(\s*'([^']+)'\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.push(match[1]);
  return found.filter((specifier) => specifier.startsWith('.'));
}

const isDirectory = (path) => statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;

/**
 * The top-level folder of src/ that `path` (a file, or a folder: its public file) is in;
 * undefined for files directly in src/ and for paths outside it.
 */
function folderOf(srcDir, path) {
  const parts = relative(srcDir, path).split(sep);
  if (parts[0] === '..' || parts[0] === '' || (parts.length === 1 && !isDirectory(path))) return undefined;
  return parts[0];
}

const isRootFile = (srcDir, path) => dirname(path) === srcDir && !isDirectory(path);

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** folder -> the folders its files import (read from disk once per lint run). */
const graphs = new Map();
function folderGraph(srcDir) {
  if (graphs.has(srcDir)) return graphs.get(srcDir);
  const graph = new Map();
  for (const file of sourceFiles(srcDir)) {
    const from = folderOf(srcDir, file);
    if (from === undefined) continue;
    for (const specifier of importSpecifiers(readFileSync(file, 'utf8'))) {
      const to = folderOf(srcDir, resolve(dirname(file), specifier));
      if (to === undefined || to === from) continue;
      if (!graph.has(from)) graph.set(from, new Set());
      graph.get(from).add(to);
    }
  }
  graphs.set(srcDir, graph);
  return graph;
}

/** A path of folders from `start` to `goal` in the graph, or undefined. */
function pathBetween(graph, start, goal) {
  const previous = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length > 0) {
    const folder = queue.shift();
    if (folder === goal) {
      const path = [];
      for (let at = goal; at !== undefined; at = previous.get(at)) path.unshift(at);
      return path;
    }
    for (const next of graph.get(folder) ?? []) {
      if (previous.has(next)) continue;
      previous.set(next, folder);
      queue.push(next);
    }
  }
  return undefined;
}

export const featureBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Features import each other only through their public file, and folders form no import cycle' },
    schema: [{ type: 'object', properties: { src: { type: 'string' } }, required: ['src'], additionalProperties: false }],
    messages: {
      deepImport: "'{{specifier}}' reaches inside the {{feature}} feature: import its public file '{{publicFile}}' instead.",
      cycle: "'{{specifier}}' closes an import cycle between folders: {{cycle}}.",
      sharedImportsFeature: "The shared folder {{shared}}/ must not import the {{feature}} feature ('{{specifier}}').",
      rootImported: "'{{specifier}}' imports the composition root (a file directly in src/): features must not.",
    },
  },
  create(context) {
    const srcDir = resolve(context.options[0].src);
    const file = context.physicalFilename;
    const from = folderOf(srcDir, file);
    const inRoot = isRootFile(srcDir, file);
    if ((from === undefined && !inRoot) || from === 'generated') return {};

    function check(node) {
      const specifier = node.source?.value;
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const target = resolve(dirname(file), specifier.replace(/\.js$/, ''));
      if (relative(srcDir, target).startsWith('..')) return;
      if (!inRoot && isRootFile(srcDir, target)) {
        context.report({ node: node.source, messageId: 'rootImported', data: { specifier } });
        return;
      }
      const to = folderOf(srcDir, target);
      if (to === undefined || to === from) return;
      if (from !== undefined && SHARED_FOLDERS.has(from) && !SHARED_FOLDERS.has(to)) {
        context.report({ node: node.source, messageId: 'sharedImportsFeature', data: { shared: from, feature: to, specifier } });
        return;
      }
      const featureDir = join(srcDir, to);
      if (!SHARED_FOLDERS.has(to) && target !== featureDir && target !== join(featureDir, 'index')) {
        let publicFile = relative(dirname(file), featureDir).split(sep).join('/');
        if (!publicFile.startsWith('.')) publicFile = `./${publicFile}`;
        context.report({ node: node.source, messageId: 'deepImport', data: { specifier, feature: to, publicFile } });
      }
      if (inRoot) return;
      const back = pathBetween(folderGraph(srcDir), to, from);
      if (back) context.report({ node: node.source, messageId: 'cycle', data: { specifier, cycle: [from, ...back].join(' -> ') } });
    }

    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

export default { rules: { 'feature-boundaries': featureBoundaries } };
