import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ApiKeysModule } from '../api-keys';
import { AuditModule } from '../audit';
import { SettingsModule } from '../settings';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { UsersModule } from '../users';
import { ApiKeyBeforeBody } from './api-key-authentication';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { ApiKeyGuard } from './guards/api-key.guard';
import { CsrfGuard } from './guards/csrf.guard';
import { JwtAuthGuard } from './guards/jwt-auth.guard';
import { RolesGuard } from './guards/roles.guard';
import { JwtStrategy } from './jwt.strategy';
import { LoginAddressBudget } from './login-address-budget.service';
import { LoginAttemptsRepository } from './login-attempts.repository';
import { LoginThrottleService } from './login-throttle.service';
import { SessionController } from './session.controller';
import { OidcProviderClient } from './sso/oidc-provider-client';
import { SsoController } from './sso/sso.controller';
import { SsoLoginStatesRepository } from './sso/sso-login-states.repository';
import { SsoSignInService } from './sso/sso-sign-in.service';

@Module({
  imports: [
    PassportModule,
    // What it authenticates against: ApiKeysService (ApiKeyGuard), UsersService (login, JwtStrategy).
    ApiKeysModule,
    UsersModule,
    AuditModule,
    SettingsModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: config.auth.jwtSecret,
        signOptions: { algorithm: 'HS256', expiresIn: config.auth.jwtExpiresIn.seconds },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController, SessionController, SsoController],
  providers: [
    AuthService,
    OidcProviderClient,
    SsoLoginStatesRepository,
    SsoSignInService,
    LoginThrottleService,
    LoginAttemptsRepository,
    LoginAddressBudget,
    JwtStrategy,
    ApiKeyBeforeBody,
    // Order matters: authenticate (JWT or API key), refuse cookie writes without the CSRF
    // token, then authorise by role.
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: CsrfGuard },
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [JwtModule],
})
export class AuthModule {}
