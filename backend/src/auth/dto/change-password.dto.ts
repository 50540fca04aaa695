import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { IsAcceptablePassword, PASSWORD_RULES } from '../../common/password-policy';

export class ChangePasswordDto {
  @ApiProperty({ example: 'correct-horse-battery' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  current_password!: string;

  @ApiProperty({
    example: 'another-long-passphrase',
    description: `Must differ from the current one; refused with 400 unless ${PASSWORD_RULES}`,
  })
  @IsAcceptablePassword()
  new_password!: string;
}
