import { BadRequestException, Param, ParseUUIDPipe } from '@nestjs/common';

/**
 * The path parameter `name` (default `id`), which must be a UUID: otherwise 400 in the one
 * error shape, naming the field. A non-UUID can name no record, so it is refused before any
 * query (and keeps static routes such as `/incidents/stats` apart from `/incidents/:id`).
 */
export const UuidParam = (name = 'id'): ParameterDecorator => {
  const problem = `${name} must be a UUID`;
  return Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () => new BadRequestException({ message: problem, details: [{ field: name, errors: [problem] }] }),
    }),
  );
};
