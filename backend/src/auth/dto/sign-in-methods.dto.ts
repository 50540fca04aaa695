import { ApiProperty } from '@nestjs/swagger';

export class SsoMethodDto {
  @ApiProperty({ example: 'Okta', description: 'OIDC_DISPLAY_NAME' })
  name!: string;

  @ApiProperty({ example: '/auth/oidc/login', description: 'Open in the browser to sign in through the identity provider' })
  sign_in_url!: string;
}

export class SignInMethodsDto {
  @ApiProperty({ example: true, description: 'Whether email + password sign-in is on' })
  password!: boolean;

  @ApiProperty({ type: SsoMethodDto, nullable: true })
  sso!: SsoMethodDto | null;
}
