// Stands in for src/analysis/pattern-mining/pattern-worker-launcher.ts in Jest runs (through
// moduleNameMapper in jest.config.mjs). A worker thread runs outside Jest, and a test run has
// no compiled JavaScript: this worker first teaches require() to transpile TypeScript (with
// the project's own compiler), then loads the same worker source production runs compiled.
const { Worker } = require('node:worker_threads');
const { dirname, join } = require('node:path');

const entry = join(dirname(__filename), '../../src/analysis/pattern-mining/pattern-mining.worker.ts');

const bootstrap = `
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const { workerData } = require('node:worker_threads');
const ts = Module.createRequire(workerData.entry)('typescript');
Module._extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  module._compile(outputText, filename);
};
Module.createRequire(workerData.entry)(workerData.entry);
`;

module.exports = {
  launchPatternWorker: (resourceLimits) => new Worker(bootstrap, { eval: true, workerData: { entry }, resourceLimits }),
};
