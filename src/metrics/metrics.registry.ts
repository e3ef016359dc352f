import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * One registry per application instance, not prom-client's global one: two apps in one process
 * (tests start two replicas) would otherwise fight over the same metric names.
 */
export function createRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}
