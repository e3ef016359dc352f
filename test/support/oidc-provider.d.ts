// oidc-provider ships no types; the tests use only its constructor and its request handler.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    /** The device grant's models, which the tests use to approve a user code (loosely typed). */
    DeviceCode: { findByUserCode(userCode: string): Promise<any> };
    Grant: new (init: { accountId: string; clientId: string }) => any;
  }
}
