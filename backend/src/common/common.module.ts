import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { Clock } from './clock';
import { RequestScopeInterceptor } from './http/request-scope';
import { UnexpectedBodyInterceptor } from './unexpected-body.interceptor';

@Global()
@Module({
  providers: [
    Clock,
    { provide: APP_INTERCEPTOR, useClass: RequestScopeInterceptor },
    { provide: APP_INTERCEPTOR, useClass: UnexpectedBodyInterceptor },
  ],
  exports: [Clock],
})
export class CommonModule {}
