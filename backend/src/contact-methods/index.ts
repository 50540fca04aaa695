// The contact-methods feature's public face: what other folders may import (see eslint/feature-boundaries.mjs).
export { ContactMethodsModule } from './contact-methods.module';
