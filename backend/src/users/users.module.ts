import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { InitialAdmin } from './initial-admin';
import { PasswordHasher } from './password-hasher.service';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [AuditModule],
  controllers: [UsersController],
  providers: [UsersRepository, UsersService, InitialAdmin, PasswordHasher],
  exports: [UsersService, PasswordHasher],
})
export class UsersModule {}
