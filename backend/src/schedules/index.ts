// The schedules feature's public face: what other folders may import (see eslint/feature-boundaries.mjs).
export { OnCallLookup } from './on-call-lookup';
export { SchedulesModule } from './schedules.module';
