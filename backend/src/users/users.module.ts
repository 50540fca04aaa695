import { Module } from '@nestjs/common';
import { InitialAdmin } from './initial-admin';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  controllers: [UsersController],
  providers: [UsersRepository, UsersService, InitialAdmin],
  exports: [UsersService],
})
export class UsersModule {}
