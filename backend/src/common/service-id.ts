import { Matches } from 'class-validator';

/** What a log's service_id may be (logs.service_id is VARCHAR(128)); everything naming a service uses it. */
export const SERVICE_ID_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;

export const SERVICE_ID_RULE = 'must be 1-128 characters of A-Z, a-z, 0-9, ".", "_" or "-"';

/** Validates a service id field against SERVICE_ID_PATTERN, naming the field in the message. */
export const IsServiceId = (): PropertyDecorator => Matches(SERVICE_ID_PATTERN, { message: `$property ${SERVICE_ID_RULE}` });
