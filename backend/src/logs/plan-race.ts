import type { Pool, PoolClient, QueryResultRow } from 'pg';

/**
 * Planner settings for one contestant: `SET LOCAL` statements, so they end with its
 * transaction and never leak into the pool.
 */
export type PlanSettings = readonly string[];

const CANCEL_RETRY_MS = 100;

interface Contestant<R> {
  rows: Promise<R[]>;
  /** Cancels the query if it still runs, then gives the connection back (or drops it). */
  retire(): Promise<void>;
}

/**
 * Runs one read-only query under several planner settings at once, each on its own
 * connection, answers with the first result and cancels the others. For queries where
 * PostgreSQL cannot know which of two plans is fast (see LogsRepository.search), the answer
 * then costs what the better plan costs, at the price of a second connection for that long.
 */
export async function raceQueryPlans<R extends QueryResultRow>(
  pool: Pool,
  text: string,
  values: unknown[],
  contestants: readonly PlanSettings[],
): Promise<R[]> {
  const started = contestants.map((settings) => start<R>(pool, text, values, settings));
  try {
    return await Promise.any(started.map((contestant) => contestant.rows));
  } catch (error) {
    // Every plan failed (the database is down, say): report the first failure as it was.
    throw error instanceof AggregateError ? error.errors[0] : error;
  } finally {
    // The losers are cancelled in the background: the caller has its answer already.
    void Promise.all(started.map((contestant) => contestant.retire()));
  }
}

function start<R extends QueryResultRow>(pool: Pool, text: string, values: unknown[], settings: PlanSettings): Contestant<R> {
  const connecting = pool.connect();
  let running = false;
  let retired = false;
  const rows = connecting.then(async (client) => {
    await client.query('BEGIN READ ONLY');
    for (const setting of settings) await client.query(setting);
    if (retired) throw new Error('the race was decided before this plan started');
    running = true;
    try {
      return (await client.query<R>(text, values)).rows;
    } finally {
      running = false;
    }
  });
  rows.catch(() => undefined); // A loser's cancellation is expected, not an unhandled rejection.

  return {
    rows,
    async retire() {
      retired = true;
      const client = await connecting.catch(() => undefined);
      if (!client) return;
      const pid = (client as PoolClient & { processID: number }).processID;
      // A cancel that reaches the server just before the query starts is ignored: repeat it.
      while (running) {
        await pool.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => undefined);
        await Promise.race([rows.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, CANCEL_RETRY_MS))]);
      }
      await rows.catch(() => undefined);
      // A late cancel may hit the ROLLBACK instead: then the connection is dropped, not reused.
      try {
        await client.query('ROLLBACK');
        client.release();
      } catch (error) {
        client.release(error instanceof Error ? error : true);
      }
    },
  };
}
