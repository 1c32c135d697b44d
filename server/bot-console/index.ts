// The bot test console's front door (the bots screen's Console tab).
export { botConsoleRoutes } from './console.routes';
