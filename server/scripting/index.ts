// The scripting module's front door: what other modules may use. Everything else in this folder is
// its own business.
export { createHttpApi } from './http-client';
export { registerSandboxMetrics } from './sandbox.metrics';
export type { Sandbox, SyntaxCheck } from './sandbox';
export type { HostApi, Json } from './sandbox.types';
