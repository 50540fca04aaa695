/** Swagger request examples, one per rule kind (POST /detection-rules). */
export const RULE_EXAMPLES = {
  threshold: {
    summary: 'THRESHOLD: more than 5 ERROR+ logs in 60 s, per service',
    value: {
      name: 'Checkout errors',
      kind: 'THRESHOLD',
      level: 'ERROR',
      service_id: 'checkout-service',
      window_seconds: 60,
      threshold: 5,
      severity: 'HIGH',
    },
  },
  anomaly: {
    summary: 'ANOMALY: the last minute far above the 30-minute baseline',
    value: {
      name: 'Error spikes',
      kind: 'ANOMALY',
      window_seconds: 60,
      baseline_minutes: 30,
      z_score: 3,
      min_count: 5,
      severity: 'MEDIUM',
    },
  },
  absence: {
    summary: "ABSENCE: fewer than 1 INFO+ log from billing-cron in 300 s (dead man's switch)",
    value: {
      name: 'Billing cron silent',
      kind: 'ABSENCE',
      level: 'INFO',
      service_id: 'billing-cron',
      window_seconds: 300,
      min_count: 1,
      severity: 'HIGH',
    },
  },
  ingestion: {
    summary: 'ABSENCE without service_id: no log from any service in 300 s (ingestion stopped)',
    value: { name: 'Ingestion stopped', kind: 'ABSENCE', level: 'DEBUG', window_seconds: 300, min_count: 1, severity: 'CRITICAL' },
  },
  newPattern: {
    summary: 'NEW_PATTERN: the first ERROR+ log of a message template checkout-service never sent, after a day of learning',
    value: {
      name: 'New checkout errors',
      kind: 'NEW_PATTERN',
      level: 'ERROR',
      service_id: 'checkout-service',
      learning_seconds: 86_400,
      severity: 'MEDIUM',
    },
  },
};
