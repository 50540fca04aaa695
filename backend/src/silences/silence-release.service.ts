import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { Clock } from '../common/clock';
import { PG_POOL } from '../database/pg-pool';
import { inTransaction } from '../database/pg-transaction';
import { IncidentsService } from '../incidents';
import { SilencesRepository, type ClaimedHold } from './silences.repository';

export const SILENCE_ACTOR = 'system:silences';
/** Holds per transaction: short row locks, and a backlog still drains in a few rounds. */
const BATCH = 50;

export interface SilenceRoundReport {
  journaled: number;
  notified: number;
  dropped: number;
}

/**
 * The two writes a hold needs after the fan-out recorded it, each in one transaction with
 * its timeline entry (and outbox event), on rows taken FOR UPDATE SKIP LOCKED: however many
 * instances run this at once, each hold is journaled once and released once.
 * - "held by": the incident's timeline names the silence that holds its notifications.
 * - release: the silence has no open window any more (it ended, or was expired early). An
 *   incident still OPEN gets `incident.opened` again, which the fan-out delivers (or holds,
 *   should another silence match by then); an acknowledged or resolved one pages nobody.
 */
@Injectable()
export class SilenceReleaseService {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly repository: SilencesRepository,
    private readonly incidents: IncidentsService,
    private readonly clock: Clock,
  ) {}

  async runRound(): Promise<SilenceRoundReport> {
    const report: SilenceRoundReport = { journaled: 0, notified: 0, dropped: 0 };
    for (;;) {
      const done = await inTransaction(this.pool, async (client) => {
        const holds = await this.repository.claimUnjournaled(client, BATCH);
        for (const hold of holds) {
          await this.incidents.recordForSilence(client, hold.incident_id, () => ({ entry: heldEntry(hold) }));
          await this.repository.markJournaled(client, hold.id, this.clock.now());
        }
        return holds.length;
      });
      report.journaled += done;
      if (done < BATCH) break;
    }
    for (;;) {
      const done = await inTransaction(this.pool, async (client) => {
        const holds = await this.repository.claimEnded(client, this.clock.now(), BATCH);
        for (const hold of holds) {
          let notified = false;
          const status = await this.incidents.recordForSilence(client, hold.incident_id, (current) => {
            notified = current === 'OPEN';
            return notified
              ? { entry: releasedEntry(hold, 'notifying now'), renotify: { silence_released: { silence_id: hold.silence_id } } }
              : { entry: releasedEntry(hold, `the incident was ${current.toLowerCase()} meanwhile, nobody paged`) };
          });
          await this.repository.markReleased(client, hold.id, notified ? 'NOTIFIED' : (status ?? 'GONE'), this.clock.now());
          if (notified) report.notified += 1;
          else report.dropped += 1;
        }
        return holds.length;
      });
      if (done < BATCH) break;
    }
    return report;
  }
}

function heldEntry(hold: ClaimedHold) {
  return {
    type: 'silenced',
    actor: SILENCE_ACTOR,
    body: `Notifications held by silence "${hold.comment}"`,
    after: { silence_id: hold.silence_id },
  };
}

function releasedEntry(hold: ClaimedHold, outcome: string) {
  const how = hold.expired_at ? 'was expired early' : 'ended';
  return {
    type: 'silence_ended',
    actor: SILENCE_ACTOR,
    body: `Silence "${hold.comment}" ${how}: ${outcome}`,
    after: { silence_id: hold.silence_id },
  };
}
