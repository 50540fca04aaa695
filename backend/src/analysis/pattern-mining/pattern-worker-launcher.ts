import { join } from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * Starts a pattern worker thread from the compiled entry next to this file. The Jest run has
 * no compiled files: there, jest.config.mjs maps this module to one whose workers load the
 * TypeScript sources instead.
 */
export function launchPatternWorker(resourceLimits: ResourceLimits): Worker {
  return new Worker(join(__dirname, 'pattern-mining.worker.js'), { resourceLimits });
}
