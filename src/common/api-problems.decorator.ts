import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiResponse } from '@nestjs/swagger';

/** The RFC 9457 body of every error response. */
export class ProblemView {
  @ApiProperty({ example: 'https://relia.dev/problems/not-found' }) type: string;
  @ApiProperty({ example: 'Not found' }) title: string;
  @ApiProperty({ example: 404 }) status: number;
  @ApiProperty({ example: 'not_found', description: 'Stable, machine-readable error code' }) code: string;
  @ApiProperty({ example: 'Task not found' }) detail: string;
  @ApiProperty({ example: '/tasks/0193…', required: false }) instance?: string;
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (bad id, unknown or wrongly typed field)',
  401: 'Missing or invalid bearer token',
  404: 'No such resource, or it belongs to someone else',
  409: 'The resource is in the wrong state for this',
  413: 'Request body too large',
  429: 'Rate or backlog limit reached (see Retry-After)',
};

/** Documents the problem+json responses an endpoint can give. */
export const ApiProblems = (...statuses: number[]): MethodDecorator =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status],
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemView' } } },
      }),
    ),
  );
