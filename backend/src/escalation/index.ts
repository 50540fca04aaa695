// The escalation feature's public face: what other folders may import (see eslint/feature-boundaries.mjs).
export { ESCALATION_HOLD, type EscalationHoldPort } from './escalation-hold.port';
export { EscalationModule } from './escalation.module';
export { EscalationScheduler } from './escalation.scheduler';
export { ON_CALL_LOOKUP, type OnCallPort } from './on-call.port';
