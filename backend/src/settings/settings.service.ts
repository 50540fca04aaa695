import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { AuditTrail } from '../audit';
import type { AuthenticatedUser } from '../common/auth/auth.types';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { UsersService } from '../users';
import type { SettingsDto, UpdateSettingsDto } from './dto/settings.dto';
import { type Settings, SettingsRepository } from './settings.repository';

@Injectable()
export class SettingsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly settings: SettingsRepository,
    private readonly users: UsersService,
    private readonly audit: AuditTrail,
  ) {}

  /** Read at every password sign-in (one primary-key read), so every instance applies a change at once. */
  async localPasswordsEnabled(): Promise<boolean> {
    return (await this.settings.read()).localPasswords;
  }

  async get(): Promise<SettingsDto> {
    return this.toDto(await this.settings.read());
  }

  async update(actor: AuthenticatedUser, input: UpdateSettingsDto): Promise<SettingsDto> {
    if (input.local_passwords === undefined) throw fieldError('local_passwords', 'nothing to change: send local_passwords');
    if (input.local_passwords === false) await this.checkSsoWorksFor(actor);
    const before = await this.settings.read();
    const after = await this.settings.update({ localPasswords: input.local_passwords });
    if (before.localPasswords !== after.localPasswords) {
      await this.audit.record({
        action: 'settings.updated',
        targetType: 'settings',
        before: { local_passwords: before.localPasswords },
        after: { local_passwords: after.localPasswords },
      });
    }
    return this.toDto(after);
  }

  /**
   * Turning passwords off with no working SSO would lock everyone out: it needs SSO configured
   * and the admin doing it to have signed in through it (so it is known to work for an admin).
   */
  private async checkSsoWorksFor(actor: AuthenticatedUser): Promise<void> {
    if (!this.config.sso) throw fieldError('local_passwords', 'cannot be turned off while SSO is not configured (OIDC_ISSUER)');
    const me = await this.users.findSsoUserByEmail(actor.email);
    if (!me?.ssoSubject) throw fieldError('local_passwords', 'can be turned off only by an admin who has signed in through SSO');
  }

  private toDto(settings: Settings): SettingsDto {
    return {
      local_passwords: settings.localPasswords,
      sso_configured: this.config.sso !== null,
      updated_at: settings.updatedAt.toISOString(),
    };
  }
}

function fieldError(field: string, problem: string): BadRequestException {
  return new BadRequestException({ message: `${field} ${problem}`, details: [{ field, errors: [`${field} ${problem}`] }] });
}
