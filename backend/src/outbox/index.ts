// The outbox's public face: what other folders may import (see eslint/feature-boundaries.mjs).
export { IncidentEventListener, OUTBOX_CHANNEL, type OutboxNotification } from './incident-event-listener';
export { INCIDENT_EVENT_TYPES, NOTIFIABLE_EVENT_TYPES, type IncidentEventPayload, type IncidentEventType } from './incident-events';
export { OutboxModule } from './outbox.module';
export { OUTBOX_READ_LIMIT, OutboxRepository, type OutboxAppendObserver } from './outbox.repository';
