import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'relia:public';

/** Opts a route out of authentication (health, metrics, docs). Everything else needs a token. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
