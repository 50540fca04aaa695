import type { AppConfig } from './config.schema';

/** Injection token for the validated configuration. Feature code reads settings through it. */
export const APP_CONFIG = Symbol('APP_CONFIG');
export type { AppConfig };
