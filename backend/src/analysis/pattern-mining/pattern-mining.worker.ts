// The entry point of a pattern worker thread (see pattern-worker.ts): Drain runs here, off
// the event loop that serves HTTP, ingest and the schedulers.
import { parentPort } from 'node:worker_threads';
import { PatternMiningJob } from './mining-job';
import type { MiningReply, MiningRequest } from './mining-protocol';

let job: PatternMiningJob | undefined;

function handle(request: MiningRequest): MiningReply {
  switch (request.kind) {
    case 'start':
      job = new PatternMiningJob(request.budgetMs);
      return { kind: 'start' };
    case 'mine': {
      if (!job) throw new Error('mine before start');
      const more = job.mine(request.rows);
      return { kind: 'mine', mined: job.mined, outOfTime: !more };
    }
    case 'finish': {
      if (!job) throw new Error('finish before start');
      const result = job.result(request.limit);
      // The miner's memory goes with the job, not with the worker, which waits for the next one.
      job = undefined;
      return { kind: 'finish', result };
    }
  }
}

parentPort?.on('message', (request: MiningRequest) => {
  let reply: MiningReply;
  try {
    reply = handle(request);
  } catch (error) {
    reply = { kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply);
});
