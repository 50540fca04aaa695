import { ApiProperty } from '@nestjs/swagger';
import { IsEnum } from 'class-validator';
import { Role } from '../../generated/prisma/enums';
import { IsAcceptablePassword, PASSWORD_MIN_LENGTH, PASSWORD_RULES } from '../../common/password-policy';
import { IsNormalisedEmail } from './email';

export class CreateUserDto {
  @ApiProperty({ example: 'alice@example.com', description: 'Stored lower-cased; unique regardless of case' })
  @IsNormalisedEmail()
  email!: string;

  @ApiProperty({
    example: 'correct-horse-battery',
    minLength: PASSWORD_MIN_LENGTH,
    description: `Refused with 400 unless ${PASSWORD_RULES}`,
  })
  @IsAcceptablePassword()
  password!: string;

  @ApiProperty({ enum: Role, example: Role.RESPONDER })
  @IsEnum(Role, { message: `role must be one of ${Object.values(Role).join(', ')}` })
  role!: Role;
}
