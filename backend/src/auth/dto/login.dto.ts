import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { IsNormalisedEmail } from '../../users';

export class LoginDto {
  @ApiProperty({ example: 'alice@example.com', description: 'Any letter case' })
  @IsNormalisedEmail()
  email!: string;

  @ApiProperty({ example: 'correct-horse-battery' })
  @IsString()
  @MinLength(1)
  // Only a bound on work and memory: bcrypt reads the first 72 bytes anyway.
  @MaxLength(1024)
  password!: string;
}
