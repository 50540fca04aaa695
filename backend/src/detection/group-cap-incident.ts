import { Injectable } from '@nestjs/common';
import type { Queryable } from '../database/pg-transaction';
import type { DetectionRule } from '../generated/prisma/client';
import { DetectedIncidents } from '../incidents';
import { levelsAtOrAbove } from '../common/log-levels';
import { groupCapFingerprint } from './detection-window';
import type { Crossing } from './rule-crossings';

/** Groups named in the incident's description and timeline (the rest are counted). */
const LISTED_GROUPS = 10;

export interface GroupCapReport {
  /** Crossing groups beyond the cap, loudest first. */
  over: Crossing[];
  openGroups: number;
  maxGroups: number;
}

/**
 * DETECTION_MAX_GROUPS_PER_RULE reached: instead of one incident per further group (a
 * high-cardinality key such as a request id would open thousands), the rule opens one incident
 * that names the cap and the loudest groups left out. While it is unresolved, further groups
 * over the cap add nothing: its description already says the key has too many values.
 */
@Injectable()
export class GroupCapIncident {
  constructor(private readonly incidents: DetectedIncidents) {}

  /** Returns 1 when the incident was opened now, 0 when one is open already. */
  async report(client: Queryable, rule: DetectionRule, { over, openGroups, maxGroups }: GroupCapReport, now: Date): Promise<number> {
    const fingerprint = groupCapFingerprint(rule.id);
    if (await this.incidents.lockUnresolvedByFingerprint(client, fingerprint)) return 0;
    const listed = over.slice(0, LISTED_GROUPS).map((c) => ({ service_id: c.serviceId, value: c.group?.value ?? null, count: c.count }));
    const named = listed.map((g) => `${g.service_id} ${rule.groupBy}=${g.value ?? '(none)'} (${g.count} logs)`).join(', ');
    const more = over.length > listed.length ? ` and ${over.length - listed.length} more` : '';
    const { opened } = await this.incidents.open(
      client,
      {
        rule: { id: rule.id, name: rule.name, severity: rule.severity },
        fingerprint,
        serviceId: null,
        title: `${rule.name}: more than ${maxGroups} ${rule.groupBy} values`,
        description:
          `${over.length} more ${rule.groupBy} value(s) crossed the rule while ${openGroups} already have incidents: a rule keeps at ` +
          `most ${maxGroups} groups open (DETECTION_MAX_GROUPS_PER_RULE), so these open none of their own: ${named}${more}`,
        previous: await this.incidents.findLatestByFingerprint(client, fingerprint),
        // Nothing to link: the groups' logs stay searchable by the metadata key.
        evidence: { serviceIds: [], levels: levelsAtOrAbove(rule.level), from: now, to: now, messagePattern: null },
        facts: { group_by: rule.groupBy, max_groups: maxGroups, open_groups: openGroups, groups_over_cap: over.length, groups: listed },
      },
      now,
    );
    return opened ? 1 : 0;
  }
}
