import type { IncidentAnalysis, PatternView, RisingPattern } from './analysis.types';

export interface SummaryText {
  summary: string;
  rootCauses: string[];
}

const MAX_ROOT_CAUSES = 5;

/** Symptoms in log templates and the cause they usually point to. */
const HYPOTHESES: Array<[RegExp, string]> = [
  [/time[ds]? ?out|timed out|deadline exceeded/i, 'A dependency is timing out'],
  [
    /connection (refused|reset)|ECONNREFUSED|ECONNRESET|unreachable|no route to host|broken pipe/i,
    'A dependency is unreachable or dropping connections',
  ],
  [/out of memory|\bOOM\b|heap|memory limit/i, 'Memory exhaustion'],
  [/no space left|disk full|ENOSPC|quota exceeded/i, 'Disk space exhausted'],
  [/deadlock|lock wait|could not obtain lock|lock timeout/i, 'Database lock contention or deadlocks'],
  [
    /too many (connections|clients|requests)|rate limit|pool exhausted|\b429\b/i,
    'A capacity limit was reached (connection pool or rate limit)',
  ],
  [
    /unauthori[sz]ed|forbidden|permission denied|invalid (token|credentials)|authentication failed|\b40[13]\b/i,
    'Authentication or permission failures (expired credentials, revoked keys)',
  ],
  [/\b50[0234]\b|bad gateway|service unavailable|internal server error/i, 'An upstream service is returning server errors'],
  [/ENOTFOUND|name resolution|\bDNS\b/i, 'DNS resolution failures'],
  [/certificate|\bTLS\b|\bSSL\b|handshake/i, 'A TLS or certificate problem'],
  [
    /null pointer|NullPointerException|undefined is not|cannot read propert|TypeError|segmentation fault|panic/i,
    'A code defect, possibly from a recent deployment',
  ],
];

const quote = (template: string) => `"${template.length > 160 ? `${template.slice(0, 159)}…` : template}"`;

function rootCauses(patterns: PatternView[], rising: RisingPattern[]): string[] {
  const causes: string[] = [];
  const seen = new Set<string>();
  const candidates = [...rising.slice(0, 3).map((r) => ({ template: r.template, count: r.incidentCount })), ...patterns.slice(0, 10)];
  for (const { template, count } of candidates) {
    for (const [symptom, cause] of HYPOTHESES) {
      if (seen.has(cause) || !symptom.test(template)) continue;
      seen.add(cause);
      causes.push(`${cause}: ${quote(template)} (${count} logs)`);
    }
  }
  const topRise = rising[0];
  if (topRise && causes.length < MAX_ROOT_CAUSES) {
    causes.push(
      `A change shortly before the incident: ${quote(topRise.template)} rose x${topRise.ratio} against the hour before (${topRise.incidentCount} vs ${topRise.baselineCount})`,
    );
  }
  if (!causes.length && patterns[0])
    causes.push(`Investigate the dominant message ${quote(patterns[0].template)} (${patterns[0].count} logs)`);
  return causes.slice(0, MAX_ROOT_CAUSES);
}

/** A summary written from the analysis alone: used without an LLM, or when it fails. */
export function deterministicSummary(analysis: IncidentAnalysis): SummaryText {
  const { incident, linkedLogs, services, patterns, firstError, rising } = analysis;
  const sentences = [`${incident.title} (${incident.severity}, ${incident.status}).`];
  if (linkedLogs.total === 0) {
    sentences.push('No logs are linked to this incident yet.');
  } else {
    const serviceList = services.filter((s) => s.count > 0).map((s) => s.serviceId);
    const span =
      incident.firstSeenAt && incident.lastSeenAt
        ? ` between ${incident.firstSeenAt.toISOString()} and ${incident.lastSeenAt.toISOString()}`
        : '';
    sentences.push(`${linkedLogs.total} linked logs from ${serviceList.join(', ') || 'unknown services'}${span}.`);
    const top = patterns[0];
    if (top) {
      const share = Math.round((top.count / Math.max(1, linkedLogs.analysed)) * 100);
      sentences.push(`Most frequent message: ${quote(top.template)} (${top.count} logs, ${share}%).`);
    }
    if (firstError)
      sentences.push(`First error at ${firstError.timestamp.toISOString()} on ${firstError.serviceId}: ${quote(firstError.template)}.`);
    const rise = rising[0];
    if (rise)
      sentences.push(`Rose most against the hour before: ${quote(rise.template)} (${rise.incidentCount} vs ${rise.baselineCount}).`);
  }
  return { summary: sentences.join(' '), rootCauses: rootCauses(patterns, rising) };
}
