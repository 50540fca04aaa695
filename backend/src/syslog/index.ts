// The syslog feature's public face: what other folders may import (see eslint/feature-boundaries.mjs).
export { SyslogModule } from './syslog.module';
export { SyslogListener } from './syslog-listener';
