import { ConflictException, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Role } from '../generated/prisma/enums';
import { oneTimePasswordBanner, planInitialAdmin } from './initial-admin-plan';
import { PasswordHasher } from './password-hasher.service';
import { UsersRepository } from './users.repository';

/** First start: makes sure somebody can sign in (see planInitialAdmin). */
@Injectable()
export class InitialAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger('InitialAdmin');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.ensureSomeoneCanSignIn();
    } catch (error) {
      // Not fatal: the API still serves health checks and anyone who already has an account.
      this.logger.error(`Could not check for or create the initial admin: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async ensureSomeoneCanSignIn(): Promise<void> {
    if ((await this.users.countAll()) > 0) return;
    const plan = planInitialAdmin({
      nodeEnv: this.config.nodeEnv,
      adminEmail: this.config.auth.adminEmail,
      adminPassword: this.config.auth.adminPassword,
    });
    if (plan.kind === 'none') {
      if (plan.warn) this.logger.warn('No user exists and ADMIN_EMAIL/ADMIN_PASSWORD are not set: nobody can sign in.');
      return;
    }
    const password = plan.kind === 'configured' ? plan.password : randomBytes(18).toString('base64url');
    if (!(await this.createAdmin(plan.email, password))) return;
    if (plan.kind === 'configured') {
      this.logger.log(`No users existed: created ADMIN ${plan.email} from ADMIN_EMAIL/ADMIN_PASSWORD`);
      return;
    }
    const banner = oneTimePasswordBanner(plan.email, password);
    // The password exists nowhere else: print it even when LOG_LEVEL hides warnings.
    if (this.config.logLevel === 'error') this.logger.error(banner);
    else this.logger.warn(banner);
  }

  /** False when another instance booting at the same moment created it first. */
  private async createAdmin(email: string, password: string): Promise<boolean> {
    try {
      await this.users.create({ email, role: Role.ADMIN, passwordHash: await this.hasher.hash(password) });
      return true;
    } catch (error) {
      if (error instanceof ConflictException) return false;
      throw error;
    }
  }
}
