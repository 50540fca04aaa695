import { Injectable } from '@nestjs/common';

/** The one source of "now" for domain rules, so tests can move time instead of sleeping. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
