import { ValidationError, ValidationPipe, type ValidationPipeOptions } from '@nestjs/common';
import { ProblemException } from './problem';

/** How every request body and query is validated: unknown fields are refused, not dropped. */
export const VALIDATION: ValidationPipeOptions = { whitelist: true, forbidNonWhitelisted: true, transform: true, exceptionFactory: toProblem };

const pipe = new ValidationPipe(VALIDATION);

/** The same validation, for a body a handler must look at before it knows its type. */
export function validated<T extends object>(type: new () => T, value: unknown): Promise<T> {
  return pipe.transform(value, { type: 'body', metatype: type });
}

/** Validation errors as one problem naming every offending field. */
export function toProblem(errors: ValidationError[]): ProblemException {
  const fields = flatten(errors);
  return new ProblemException('validation_failed', fields.map((f) => f.message).join('; '), { errors: fields });
}

function flatten(errors: ValidationError[], prefix = ''): { field: string; message: string }[] {
  return errors.flatMap((e) => {
    const field = prefix + e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(e.children ?? [], `${field}.`)];
  });
}

