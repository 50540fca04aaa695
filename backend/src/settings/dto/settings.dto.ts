import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';

export class SettingsDto {
  @ApiProperty({ example: true, description: 'False: people sign in through SSO only (POST /auth/login and /auth/session answer 403)' })
  local_passwords!: boolean;

  @ApiProperty({ example: true, description: 'Whether OpenID Connect sign-in is configured (OIDC_ISSUER)' })
  sso_configured!: boolean;

  @ApiProperty({ example: '2026-11-27T14:00:00.000Z' })
  updated_at!: string;
}

export class UpdateSettingsDto {
  @ApiPropertyOptional({
    example: false,
    description: 'Turn local password sign-in off (only with SSO configured, and after you signed in through it) or back on',
  })
  @IsOptional()
  @IsBoolean()
  local_passwords?: boolean;
}
