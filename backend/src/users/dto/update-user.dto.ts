import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEnum, IsOptional } from 'class-validator';
import { Role } from '../../generated/prisma/enums';
import { IsAcceptablePassword, PASSWORD_RULES } from '../../common/password-policy';

export class UpdateUserDto {
  @ApiPropertyOptional({ enum: Role, example: Role.VIEWER })
  @IsOptional()
  @IsEnum(Role, { message: `role must be one of ${Object.values(Role).join(', ')}` })
  role?: Role;

  @ApiPropertyOptional({ example: false, description: 'false deactivates: the user can no longer sign in and their tokens stop working' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({
    example: 'another-long-passphrase',
    description: `New password; refused with 400 unless ${PASSWORD_RULES}`,
  })
  @IsOptional()
  @IsAcceptablePassword()
  password?: string;
}
