// The audit module's front door: every other module records what an actor changed through recordAudit.
export { recordAudit } from './record';
export { auditRoutes } from './audit.routes';
