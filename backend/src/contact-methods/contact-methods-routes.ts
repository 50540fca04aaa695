import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { ContactMethodDto, ContactMethodTestResultDto, ContactMethodWithVerificationDto } from './dto/contact-method.dto';

/** The Swagger description of each route, shared by the own (/users/me/...) and the admin (/users/{userId}/...) controller. */
export const ContactMethodDocs = {
  list: () => applyDecorators(ApiOperation({ summary: 'Contact methods, oldest first' }), ApiOkResponse({ type: [ContactMethodDto] })),
  create: () =>
    applyDecorators(
      ApiOperation({
        summary: 'Add a contact method; a 6-digit verification code is sent through it at once',
        description: 'It is paged only once verified (POST .../verify with the code). The code expires after 15 minutes.',
      }),
      ApiCreatedResponse({ type: ContactMethodWithVerificationDto }),
      ApiBadRequestResponse({
        description:
          'Invalid field (address for its type, a private webhook address, slack_channel_id not a SLACK channel, EMAIL without SMTP)',
      }),
      ApiConflictResponse({ description: 'The user already has 20 contact methods' }),
    ),
  verify: () =>
    applyDecorators(
      ApiOperation({ summary: 'Confirm a contact method with the code it received (5 tries per code)' }),
      ApiOkResponse({ type: ContactMethodDto }),
      ApiBadRequestResponse({ description: 'code wrong, expired, or tried 5 times (ask for a new one)' }),
      ApiNotFoundResponse({ description: 'No such contact method for this user' }),
    ),
  resend: () =>
    applyDecorators(
      ApiOperation({ summary: 'Send a new verification code (the previous one stops working)' }),
      ApiOkResponse({ type: ContactMethodWithVerificationDto }),
      ApiConflictResponse({ description: 'Already verified' }),
      ApiTooManyRequestsResponse({ description: 'A code was sent less than 30 s ago' }),
      ApiNotFoundResponse({ description: 'No such contact method for this user' }),
    ),
  test: () =>
    applyDecorators(
      ApiOperation({ summary: 'Send a test page through the contact method now' }),
      ApiOkResponse({ type: ContactMethodTestResultDto, description: 'Whether the medium took it; a failure is reported, not thrown' }),
      ApiNotFoundResponse({ description: 'No such contact method for this user' }),
    ),
  remove: () =>
    applyDecorators(
      ApiOperation({ summary: 'Remove a contact method (its pending pages go with it)' }),
      ApiNoContentResponse({ description: 'Removed' }),
      ApiNotFoundResponse({ description: 'No such contact method for this user' }),
    ),
};
