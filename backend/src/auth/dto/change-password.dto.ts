import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { IsAcceptablePassword, PASSWORD_MAX_BYTES, PASSWORD_MIN_LENGTH } from '../../users';

export class ChangePasswordDto {
  @ApiProperty({ example: 'correct-horse-battery' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  current_password!: string;

  @ApiProperty({
    example: 'another-long-passphrase',
    description: `At least ${PASSWORD_MIN_LENGTH} characters, at most ${PASSWORD_MAX_BYTES} bytes; must differ from the current one`,
  })
  @IsAcceptablePassword()
  new_password!: string;
}
