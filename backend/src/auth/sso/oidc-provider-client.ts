import { Inject, Injectable } from '@nestjs/common';
import * as oidc from 'openid-client';
import { Clock } from '../../common/clock';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';

/** Every call to the provider gives up after this long: a slow provider must not hold sign-ins open. */
const PROVIDER_TIMEOUT_MS = 5000;

export type SsoSettings = NonNullable<AppConfig['sso']>;

/**
 * openid-client, configured from OIDC_*: the provider's metadata is discovered once (again
 * after a failure), and each sign-in gets a Configuration whose idea of "now" is the app's
 * Clock, so ID token expiry is judged by the same time as everything else.
 */
@Injectable()
export class OidcProviderClient {
  private server?: Promise<oidc.ServerMetadata>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  get settings(): SsoSettings {
    if (!this.config.sso) throw new Error('SSO is not configured');
    return this.config.sso;
  }

  async configuration(): Promise<oidc.Configuration> {
    const sso = this.settings;
    this.server ??= oidc
      .discovery(new URL(sso.issuer), sso.clientId, undefined, oidc.ClientSecretBasic(sso.clientSecret), this.requestOptions())
      .then((discovered) => discovered.serverMetadata())
      .catch((error: unknown) => {
        this.server = undefined;
        throw error;
      });
    const skewSeconds = Math.round((this.clock.now().getTime() - Date.now()) / 1000);
    const configuration = new oidc.Configuration(
      await this.server,
      sso.clientId,
      { [oidc.clockSkew]: skewSeconds },
      oidc.ClientSecretBasic(sso.clientSecret),
    );
    this.applyRequestOptions(configuration);
    return configuration;
  }

  private requestOptions(): oidc.DiscoveryRequestOptions {
    return {
      timeout: PROVIDER_TIMEOUT_MS / 1000,
      execute: this.settings.issuer.startsWith('http:') ? [oidc.allowInsecureRequests] : [],
    };
  }

  private applyRequestOptions(configuration: oidc.Configuration): void {
    configuration.timeout = PROVIDER_TIMEOUT_MS / 1000;
    // Plain http is let through only for a provider on this machine (see OIDC_ISSUER's check).
    if (this.settings.issuer.startsWith('http:')) oidc.allowInsecureRequests(configuration);
  }
}
