import { Controller, Get, HttpCode, HttpStatus, Inject, NotFoundException, Query, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../common/auth/decorators';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { SettingsService } from '../../settings';
import { AuthService } from '../auth.service';
import { clientAddressKey } from '../client-address';
import { LoginAddressBudget } from '../login-address-budget.service';
import { SignInMethodsDto } from '../dto/sign-in-methods.dto';
import { cookiesSecure, csrfTokenFor, readCookie, sessionCookies } from '../session-cookie';
import { SSO_LOGIN_TTL_SECONDS } from './sso-login-states.repository';
import { SsoSignInRefused, SsoSignInService } from './sso-sign-in.service';

const STATE_COOKIE = 'sso_state';

/** OpenID Connect sign-in for the console (browser redirects), and what sign-in methods exist. */
@ApiTags('auth')
@Controller('auth')
export class SsoController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sso: SsoSignInService,
    private readonly auth: AuthService,
    private readonly settings: SettingsService,
    private readonly addressBudget: LoginAddressBudget,
  ) {}

  @Get('methods')
  @Public()
  @ApiOperation({ summary: 'How people can sign in here (the sign-in page asks before it shows its forms)' })
  @ApiOkResponse({ type: SignInMethodsDto })
  async methods(): Promise<SignInMethodsDto> {
    const sso = this.config.sso;
    return {
      password: await this.settings.localPasswordsEnabled(),
      sso: sso ? { name: sso.displayName, sign_in_url: '/auth/oidc/login' } : null,
    };
  }

  @Get('oidc/login')
  @Public()
  @HttpCode(HttpStatus.FOUND)
  @ApiOperation({
    summary: 'Start an SSO sign-in: redirects the browser to the identity provider',
    description: 'Sets the short-lived `sso_state` cookie that the callback must present. Counts toward the per-address sign-in budget.',
  })
  @ApiFoundResponse({ description: 'Location: the provider’s authorization URL' })
  @ApiNotFoundResponse({ description: 'SSO is not configured (OIDC_ISSUER unset)' })
  async login(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    this.requireSso();
    // Each start stores a row until used or expired: the same per-address budget as password sign-in.
    this.addressBudget.spend(clientAddressKey(request.ip));
    try {
      const { url, state } = await this.sso.begin();
      const secure = this.secure(request) ? '; Secure' : '';
      // Lax, not Strict: the provider's redirect back is a cross-site top-level navigation.
      void reply.header(
        'set-cookie',
        `${STATE_COOKIE}=${state}; Path=/auth/oidc; Max-Age=${SSO_LOGIN_TTL_SECONDS}; HttpOnly; SameSite=Lax${secure}`,
      );
      void reply.header('cache-control', 'no-store').redirect(url, HttpStatus.FOUND);
    } catch (error) {
      if (!(error instanceof SsoSignInRefused)) throw error;
      void reply.redirect(`/console/sign-in?sso_error=${error.reason}`, HttpStatus.FOUND);
    }
  }

  @Get('oidc/callback')
  @Public()
  @HttpCode(HttpStatus.FOUND)
  @ApiOperation({
    summary: 'Where the identity provider sends the browser back: signs it in and redirects to the console',
    description:
      'On success sets the session cookies (as `POST /auth/session`) and redirects to `/console/`; otherwise redirects to ' +
      '`/console/sign-in?sso_error=<reason>` (state_mismatch, state_unknown, provider_error, token_rejected, no_email, ' +
      'email_unverified, account_conflict, deactivated, unavailable) with no session.',
  })
  @ApiFoundResponse({ description: 'Location: /console/ or /console/sign-in?sso_error=...' })
  async callback(
    @Query() query: Record<string, string | undefined>,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    this.requireSso();
    const secure = this.secure(request);
    const clearState = `${STATE_COOKIE}=; Path=/auth/oidc; Max-Age=0; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
    try {
      const identity = await this.sso.complete(pickStrings(query), readCookie(request.headers.cookie, STATE_COOKIE));
      const issued = await this.auth.issueToken(identity);
      const csrfToken = csrfTokenFor(issued.access_token, this.config.auth.jwtSecret);
      void reply.header('set-cookie', [
        clearState,
        ...sessionCookies(issued.access_token, csrfToken, { maxAgeSeconds: issued.expires_in, secure }),
      ]);
      void reply.header('cache-control', 'no-store').redirect('/console/', HttpStatus.FOUND);
    } catch (error) {
      if (!(error instanceof SsoSignInRefused)) throw error;
      void reply.header('set-cookie', clearState).redirect(`/console/sign-in?sso_error=${error.reason}`, HttpStatus.FOUND);
    }
  }

  private requireSso(): void {
    if (!this.config.sso) throw new NotFoundException('SSO is not configured here');
  }

  private secure(request: FastifyRequest): boolean {
    return cookiesSecure(this.config.auth.sessionCookieSecure, this.config.publicUrl, request.protocol);
  }
}

/** Only the single-valued string parameters: a repeated one is dropped (and then fails the checks it is needed for). */
function pickStrings(query: Record<string, unknown>): Record<string, string | undefined> {
  const picked: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) if (typeof value === 'string' && value.length <= 4096) picked[name] = value;
  return picked;
}
