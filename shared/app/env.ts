import { tableContextFromEnv } from '../adapters/dynamodb/index.js';
import { createServices, type Services } from './services.js';

let services: Services | undefined;

/** Services for this execution environment, created on first use (not at import, to keep cold starts lean). */
export function servicesFromEnv(): Services {
  services ??= createServices(tableContextFromEnv());
  return services;
}
