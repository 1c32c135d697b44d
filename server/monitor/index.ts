// The live monitor: what supervisors watch (operators, queues, missed targets now), read across modules.
export { monitorRoutes } from './monitor.routes';
export { getMonitor } from './get-monitor';
export { canWatchMonitor } from './monitor.policy';
