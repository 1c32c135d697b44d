// Reports: the contact center's figures for any period, computed from the event log's reporting facts.
export { reportsRoutes } from './reports.routes';
export { getReport, canReadReports } from './build-report';
export { runRebuildCommand, REBUILD_USAGE } from './rebuild-command';
