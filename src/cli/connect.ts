import { Api } from './api';
import { tokenSource } from './auth/token-source';
import { serviceUrl, type GlobalOptions } from './settings';

export const connect = (options: GlobalOptions): Api => {
  const url = serviceUrl(options);
  return new Api(url, tokenSource(url));
};
