// The transcripts module's front door: a dialog's transcript as text or PDF, downloaded or sent by
// e-mail. Everything else in this folder is its own business.
export { transcriptsRoutes } from './transcripts.routes';
