// Run-time settings' public face: what other folders may import (see eslint/feature-boundaries.mjs).
export { SettingsModule } from './settings.module';
export { SettingsService } from './settings.service';
