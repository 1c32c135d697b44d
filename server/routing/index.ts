// The routing module's front door: what other modules may use. Everything else in this folder is
// its own business.
export { router } from './router';
export { createQueueDrainer, type QueueDrainer } from './queue-drainer';
export { hasRoutingScript } from './routing-script.repo';
export { createPresence, type Presence } from './presence';
export { openWorkspaces } from './presence.repo';
export { routingRoutes } from './routing.routes';
export { runSimulateCommand, SIMULATE_USAGE } from './simulate-command';
