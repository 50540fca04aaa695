import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';
import {
  alertTitle,
  labelsFingerprint,
  MAX_FINGERPRINT_LENGTH,
  serviceFrom,
  severityFrom,
  type AlertProblem,
  type AlertSource,
  type ExternalAlert,
} from './external-alert';

export interface AlertmanagerReadOptions {
  source: Extract<AlertSource, 'alertmanager' | 'grafana'>;
  maxAlerts: number;
  serviceLabel: string;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads an Alertmanager webhook notification (payload version "4") or Grafana alerting's
 * webhook contact point (the same shape, version "1", plus Grafana's own fields, ignored).
 * Every alert is checked before anything is stored: one bad alert refuses the request with 400
 * listing each problem as {index, field, message}.
 */
export function readAlertmanagerNotification(body: unknown, options: AlertmanagerReadOptions): ExternalAlert[] {
  if (!isObject(body)) throw new BadRequestException('The body must be a JSON object (an Alertmanager/Grafana webhook notification)');
  const { alerts } = body;
  if (!Array.isArray(alerts)) {
    throw new BadRequestException({
      message: 'alerts must be an array',
      details: [{ index: -1, field: 'alerts', message: 'must be an array' }],
    });
  }
  if (alerts.length > options.maxAlerts) {
    throw new PayloadTooLargeException(
      `Too many alerts in one notification: ${alerts.length}, at most ${options.maxAlerts} (ALERTS_MAX_PER_REQUEST); nothing stored`,
    );
  }
  const problems: AlertProblem[] = [];
  const read = alerts.map((alert, index) => readAlert(alert, index, options, problems));
  if (problems.length > 0) {
    const first = problems[0]!;
    throw new BadRequestException({
      message: `Invalid alert: alerts[${first.index}].${first.field} ${first.message}${problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : ''}; nothing stored`,
      details: problems.slice(0, 100),
    });
  }
  return read as ExternalAlert[];
}

function readAlert(alert: unknown, index: number, options: AlertmanagerReadOptions, problems: AlertProblem[]): ExternalAlert | undefined {
  const problem = (field: string, message: string) => problems.push({ index, field, message });
  if (!isObject(alert)) return void problem('', 'must be an object');
  const status = alert.status;
  if (status !== 'firing' && status !== 'resolved') problem('status', 'must be "firing" or "resolved"');
  const labels = stringMap(alert.labels, 'labels', problem, true);
  const annotations = stringMap(alert.annotations, 'annotations', problem, false);
  const fingerprint = alert.fingerprint;
  if (fingerprint !== undefined && (typeof fingerprint !== 'string' || !fingerprint || fingerprint.length > MAX_FINGERPRINT_LENGTH))
    problem('fingerprint', `must be a non-empty string of at most ${MAX_FINGERPRINT_LENGTH} characters`);
  const generatorUrl = alert.generatorURL;
  if (generatorUrl !== undefined && typeof generatorUrl !== 'string') problem('generatorURL', 'must be a string');
  const startsAt = optionalTime(alert.startsAt, 'startsAt', problem);
  if (!labels || !annotations || (status !== 'firing' && status !== 'resolved')) return undefined;
  return {
    source: options.source,
    fingerprint: typeof fingerprint === 'string' && fingerprint ? fingerprint : labelsFingerprint(labels),
    action: status,
    title: alertTitle(labels.alertname, annotations.summary, `${options.source} alert`),
    description: annotations.description ?? annotations.message ?? null,
    severity: severityFrom(labels.severity),
    serviceId: serviceFrom(labels[options.serviceLabel]),
    labels,
    annotations,
    generatorUrl: typeof generatorUrl === 'string' && generatorUrl ? generatorUrl : null,
    startsAt,
  };
}

function stringMap(
  value: unknown,
  field: string,
  problem: (field: string, message: string) => void,
  required: boolean,
): Record<string, string> | undefined {
  if (value === undefined && !required) return {};
  if (!isObject(value)) return void problem(field, 'must be an object of strings');
  for (const [name, item] of Object.entries(value)) {
    if (typeof item !== 'string') return void problem(`${field}.${name}`, 'must be a string');
  }
  return value as Record<string, string>;
}

// Alertmanager sends the zero time ("0001-01-01T00:00:00Z") for "not set".
function optionalTime(value: unknown, field: string, problem: (field: string, message: string) => void): Date | null {
  if (value === undefined || value === null || value === '') return null;
  const time = typeof value === 'string' ? new Date(value) : new Date(NaN);
  if (Number.isNaN(time.getTime())) return (void problem(field, 'must be an RFC 3339 time'), null);
  return time.getUTCFullYear() <= 1 ? null : time;
}
