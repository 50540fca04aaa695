import { createHash } from 'node:crypto';
import type { Severity } from '../generated/prisma/enums';
import { SERVICE_ID_PATTERN } from '../common/service-id';

export type AlertSource = 'alertmanager' | 'grafana' | 'pagerduty';

/** One alert as every intake sees it once its tool's format is read. */
export interface ExternalAlert {
  source: AlertSource;
  /** The tool's dedup key (Alertmanager/Grafana fingerprint, PagerDuty dedup_key). */
  fingerprint: string;
  action: 'firing' | 'resolved' | 'acknowledge';
  title: string;
  description: string | null;
  severity: Severity;
  serviceId: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  generatorUrl: string | null;
  startsAt: Date | null;
}

/** One refusal of a malformed alert: which alert, which field, why. */
export interface AlertProblem {
  index: number;
  field: string;
  message: string;
}

// incidents.title is unbounded text, but a title is a headline: long ones are cut.
export const MAX_TITLE_LENGTH = 500;
export const MAX_FINGERPRINT_LENGTH = 255;

/**
 * The documented mapping from a tool's severity word to ours. Alertmanager and Grafana have no
 * fixed vocabulary (a `severity` label is a convention); these are the words in common use,
 * PagerDuty's four included. Anything else, or no severity at all, is MEDIUM: unknown alerts
 * should page like a real problem without claiming to be the worst one.
 */
const SEVERITY_WORDS: Record<string, Severity> = {
  critical: 'CRITICAL',
  crit: 'CRITICAL',
  fatal: 'CRITICAL',
  emergency: 'CRITICAL',
  page: 'CRITICAL',
  p1: 'CRITICAL',
  error: 'HIGH',
  high: 'HIGH',
  major: 'HIGH',
  p2: 'HIGH',
  warning: 'MEDIUM',
  warn: 'MEDIUM',
  medium: 'MEDIUM',
  p3: 'MEDIUM',
  info: 'LOW',
  low: 'LOW',
  minor: 'LOW',
  none: 'LOW',
  p4: 'LOW',
  p5: 'LOW',
};
export const DEFAULT_SEVERITY: Severity = 'MEDIUM';

export function severityFrom(word: string | undefined): Severity {
  return (word && SEVERITY_WORDS[word.trim().toLowerCase()]) || DEFAULT_SEVERITY;
}

/** The label's value when it can name a service; otherwise no service (the incident still opens). */
export function serviceFrom(value: string | undefined): string | null {
  return value !== undefined && SERVICE_ID_PATTERN.test(value) ? value : null;
}

/** `alertname: summary`, or whichever of them there is. */
export function alertTitle(alertname: string | undefined, summary: string | undefined, fallback: string): string {
  const title = [alertname, summary].filter((part) => part && part.trim()).join(': ') || fallback;
  return title.length > MAX_TITLE_LENGTH ? `${title.slice(0, MAX_TITLE_LENGTH - 1)}…` : title;
}

/** What Alertmanager does when no fingerprint came with the alert: a stable hash of the sorted labels. */
export function labelsFingerprint(labels: Record<string, string>): string {
  const canonical = Object.keys(labels)
    .sort()
    .map((name) => `${name}\u0000${labels[name]}`)
    .join('\u0001');
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}
