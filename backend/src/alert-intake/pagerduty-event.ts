import { BadRequestException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { alertTitle, MAX_FINGERPRINT_LENGTH, serviceFrom, severityFrom, type ExternalAlert } from './external-alert';

/** A refusal PagerDutyErrorFilter answers the way PagerDuty does: `{status, message, errors}`. */
export class InvalidPagerDutyEvent extends BadRequestException {
  constructor(readonly errors: string[]) {
    super({ message: `Event object is invalid: ${errors.join('; ')}`, details: { errors } });
  }
}

const ACTIONS = ['trigger', 'acknowledge', 'resolve'] as const;
const SEVERITIES = ['critical', 'error', 'warning', 'info'];
// Limits of the Events API v2 (PagerDuty's docs: dedup_key 255, summary 1024 characters).
const MAX_SUMMARY_LENGTH = 1024;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/**
 * Reads one PagerDuty Events API v2 alert event (`POST /v2/enqueue`). A trigger without a
 * dedup_key gets a new one, as PagerDuty does, returned in the answer.
 */
export function readPagerDutyEvent(body: unknown, serviceLabel: string): ExternalAlert {
  if (!isObject(body)) throw new InvalidPagerDutyEvent(['Event must be a JSON object']);
  const errors: string[] = [];
  const action = body.event_action;
  if (!ACTIONS.includes(action as (typeof ACTIONS)[number])) errors.push("'event_action' must be one of trigger, acknowledge, resolve");
  const dedupKey = body.dedup_key;
  if (dedupKey !== undefined && (!isText(dedupKey) || dedupKey.length > MAX_FINGERPRINT_LENGTH))
    errors.push(`'dedup_key' must be a non-empty string of at most ${MAX_FINGERPRINT_LENGTH} characters`);
  if (dedupKey === undefined && action !== 'trigger' && errors.length === 0) errors.push(`'dedup_key' is required for ${String(action)}`);
  if (body.routing_key !== undefined && typeof body.routing_key !== 'string') errors.push("'routing_key' must be a string");
  const payload = body.payload;
  if (action === 'trigger') checkTriggerPayload(payload, errors);
  if (errors.length > 0) throw new InvalidPagerDutyEvent(errors);

  const details = isObject(payload) && isObject(payload.custom_details) ? payload.custom_details : {};
  const p = isObject(payload) ? payload : {};
  const labels = Object.fromEntries(
    (['source', 'component', 'group', 'class'] as const).filter((name) => isText(p[name])).map((name) => [name, p[name] as string]),
  );
  const annotations = Object.fromEntries(
    Object.entries(details).map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)]),
  );
  const summary = typeof p.summary === 'string' ? p.summary : undefined;
  return {
    source: 'pagerduty',
    fingerprint: typeof dedupKey === 'string' ? dedupKey : randomUUID(),
    action: action === 'trigger' ? 'firing' : action === 'resolve' ? 'resolved' : 'acknowledge',
    title: alertTitle(undefined, summary, 'PagerDuty event'),
    description: summary ?? null,
    severity: severityFrom(typeof p.severity === 'string' ? p.severity : undefined),
    serviceId: serviceFrom(typeof details[serviceLabel] === 'string' ? (details[serviceLabel] as string) : undefined),
    labels,
    annotations,
    generatorUrl: isText(body.client_url) ? body.client_url : null,
    startsAt: isText(p.timestamp) && !Number.isNaN(new Date(p.timestamp).getTime()) ? new Date(p.timestamp) : null,
  };
}

function checkTriggerPayload(payload: unknown, errors: string[]): void {
  if (!isObject(payload)) return void errors.push("'payload' is required for trigger and must be an object");
  if (!isText(payload.summary)) errors.push("'payload.summary' is required");
  else if (payload.summary.length > MAX_SUMMARY_LENGTH) errors.push(`'payload.summary' must be at most ${MAX_SUMMARY_LENGTH} characters`);
  if (!isText(payload.source)) errors.push("'payload.source' is required");
  if (!SEVERITIES.includes(payload.severity as string)) errors.push("'payload.severity' must be one of critical, error, warning, info");
  if (payload.timestamp !== undefined && (!isText(payload.timestamp) || Number.isNaN(new Date(payload.timestamp).getTime())))
    errors.push("'payload.timestamp' must be an ISO 8601 time");
  if (payload.custom_details !== undefined && !isObject(payload.custom_details)) errors.push("'payload.custom_details' must be an object");
}
