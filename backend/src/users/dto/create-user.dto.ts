import { ApiProperty } from '@nestjs/swagger';
import { IsEnum } from 'class-validator';
import { Role } from '../../generated/prisma/enums';
import { IsAcceptablePassword, PASSWORD_MAX_BYTES, PASSWORD_MIN_LENGTH } from '../password-policy';
import { IsNormalisedEmail } from './email';

export class CreateUserDto {
  @ApiProperty({ example: 'alice@example.com', description: 'Stored lower-cased; unique regardless of case' })
  @IsNormalisedEmail()
  email!: string;

  @ApiProperty({
    example: 'correct-horse-battery',
    minLength: PASSWORD_MIN_LENGTH,
    description: `At least ${PASSWORD_MIN_LENGTH} characters, at most ${PASSWORD_MAX_BYTES} bytes`,
  })
  @IsAcceptablePassword()
  password!: string;

  @ApiProperty({ enum: Role, example: Role.RESPONDER })
  @IsEnum(Role, { message: `role must be one of ${Object.values(Role).join(', ')}` })
  role!: Role;
}
