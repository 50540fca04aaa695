import { Injectable } from '@nestjs/common';
import { UsersService } from '../users';

export interface RosterUser {
  id: string;
  email: string;
  active: boolean;
}

/** Who the users named in schedules are, and whether they may be on call (active). */
export type Roster = Map<string, RosterUser>;

@Injectable()
export class ScheduleRoster {
  constructor(private readonly users: UsersService) {}

  /** Every user: people are few (not log lines), and one read beats one per participant. */
  async load(): Promise<Roster> {
    return new Map((await this.users.list()).map((user) => [user.id, { id: user.id, email: user.email, active: user.active }]));
  }
}
