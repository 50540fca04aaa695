import { Body, Controller, Delete, HttpCode, HttpStatus, Inject, Post, Req, Res } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import {
  ApiBadRequestResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { UserResponse, UsersService } from '../users';
import { AuthService } from './auth.service';
import type { JwtPayload } from '../common/auth/auth.types';
import { Public } from '../common/auth/decorators';
import { LoginDto } from './dto/login.dto';
import { SessionResponse } from './dto/session.response';
import { clearedSessionCookies, cookiesSecure, csrfTokenFor, sessionCookies } from './session-cookie';

/** Browser sessions for the console: the JWT lives in an httpOnly cookie instead of page storage. */
@ApiTags('auth')
@Controller('auth/session')
export class SessionController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly jwt: JwtService,
  ) {}

  @Post()
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Sign in a browser: sets the session cookie (httpOnly, SameSite=Strict) and the csrf_token cookie',
    description:
      'Same checks and throttling as `POST /auth/login`. Requests carrying the `session` cookie are authenticated ' +
      'like a Bearer token; their POST/PATCH/PUT/DELETE also need `X-CSRF-Token` (403 without). ' +
      'Secure is set when SESSION_COOKIE_SECURE says so (auto: PUBLIC_URL is https or this request came over TLS).',
  })
  @ApiOkResponse({
    type: SessionResponse,
    headers: {
      'Set-Cookie': { description: 'session=<jwt>; HttpOnly; SameSite=Strict; Path=/ and csrf_token=<token>', schema: { type: 'string' } },
    },
  })
  @ApiBadRequestResponse({ description: 'email or password missing or malformed' })
  @ApiUnauthorizedResponse({ description: 'Unknown email, wrong password or deactivated account (one answer for all)' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed attempts for this email from this address; see Retry-After' })
  async signIn(
    @Body() body: LoginDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionResponse> {
    const issued = await this.auth.login(body.email, body.password, request.ip);
    const { sub } = this.jwt.decode<JwtPayload>(issued.access_token);
    const csrfToken = csrfTokenFor(issued.access_token, this.config.auth.jwtSecret);
    void reply.header(
      'set-cookie',
      sessionCookies(issued.access_token, csrfToken, { maxAgeSeconds: issued.expires_in, secure: this.secure(request) }),
    );
    void reply.header('cache-control', 'no-store');
    return { user: UserResponse.from(await this.users.get(sub)), csrf_token: csrfToken, expires_in: issued.expires_in };
  }

  // Public and without CSRF token: it only clears the cookies of the browser that calls it,
  // and it must work when the session has already expired.
  @Delete()
  @Public()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Sign a browser out: clears the session and csrf_token cookies (always 204)' })
  @ApiNoContentResponse({ description: 'Cookies cleared' })
  signOut(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): void {
    void reply.header('set-cookie', clearedSessionCookies(this.secure(request)));
  }

  private secure(request: FastifyRequest): boolean {
    return cookiesSecure(this.config.auth.sessionCookieSecure, this.config.publicUrl, request.protocol);
  }
}
