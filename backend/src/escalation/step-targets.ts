import { Inject, Injectable, Optional } from '@nestjs/common';
import type { EscalationTargetKind } from '../generated/prisma/enums';
import { ON_CALL_LOOKUP, type OnCallPort } from './on-call.port';

export interface ResolvedTargets {
  userIds: string[];
  channelIds: string[];
  /** Schedule targets with nobody on call at the time (or no on-call lookup). */
  unstaffedScheduleIds: string[];
}

/** Turns a step's targets into the people and channels to page now (schedules: who is on call). */
@Injectable()
export class StepTargets {
  constructor(@Optional() @Inject(ON_CALL_LOOKUP) private readonly onCall?: OnCallPort) {}

  get canResolveSchedules(): boolean {
    return this.onCall !== undefined;
  }

  /**
   * A resolver for one instant: each schedule is looked up once, however many steps of a
   * runner batch target it (who is on call does not change within the batch's `at`).
   */
  at(at: Date): (targets: Array<{ type: EscalationTargetKind; id: string }>) => Promise<ResolvedTargets> {
    const onCall = new Map<string, Promise<string | null>>();
    const lookup = (scheduleId: string) => {
      let userId = onCall.get(scheduleId);
      if (!userId) onCall.set(scheduleId, (userId = this.onCall ? this.onCall.onCallUserId(scheduleId, at) : Promise.resolve(null)));
      return userId;
    };
    return (targets) => this.resolveWith(targets, lookup);
  }

  private async resolveWith(
    targets: Array<{ type: EscalationTargetKind; id: string }>,
    lookup: (scheduleId: string) => Promise<string | null>,
  ): Promise<ResolvedTargets> {
    const users = new Set<string>();
    const channels = new Set<string>();
    const unstaffed: string[] = [];
    for (const target of targets) {
      if (target.type === 'USER') users.add(target.id);
      else if (target.type === 'CHANNEL') channels.add(target.id);
      else {
        const userId = await lookup(target.id);
        if (userId) users.add(userId);
        else unstaffed.push(target.id);
      }
    }
    return { userIds: [...users], channelIds: [...channels], unstaffedScheduleIds: unstaffed };
  }
}

const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** The timeline text of a step taken: `step 2 (round 1) of "Checkout on-call": paged 1 user, 1 channel`. */
export function pageSummary(step: number, round: number, policyName: string, resolved: ResolvedTargets): string {
  const paged = [
    resolved.userIds.length ? count(resolved.userIds.length, 'user') : '',
    resolved.channelIds.length ? count(resolved.channelIds.length, 'channel') : '',
  ].filter(Boolean);
  const missing = resolved.unstaffedScheduleIds.length
    ? `; ${count(resolved.unstaffedScheduleIds.length, 'schedule')} with nobody on call`
    : '';
  return `step ${step} (round ${round}) of "${policyName}": ${paged.length ? `paged ${paged.join(', ')}` : 'nobody to page'}${missing}`;
}
