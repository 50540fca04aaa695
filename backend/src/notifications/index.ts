// The notifications feature's public face: what other folders may import (see eslint/feature-boundaries.mjs).
export { NotificationsModule } from './notifications.module';
