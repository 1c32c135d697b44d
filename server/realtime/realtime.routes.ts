import type { FastifyRequest } from 'fastify';
import client from 'prom-client';
import type { Actor } from '../shared/actor';
import type { AppContext } from '../context';
import { forbidden } from '../errors';
import type { App } from '../http/app-type';
import { requireActor } from '../http/auth';
import { coalescing } from './coalesce';
import { createHub, type HubOptions } from './hub';
import { pollEvents } from './poll-events';
import { activityConnection, type LeadLookup } from './report-activity';
import { EventsPage, EventsQuery, RealtimeQuery } from '../../contracts/realtime';
import { canSubscribe } from './realtime.policy';

/**
 * The realtime socket and the polling alternative. One hub per app (one app per process); it is
 * closed with the app, so sockets never outlive the server.
 */
/** Told when an operator's workspace socket opens and closes (routing's "only operators with the workspace open"). */
export interface WorkspaceWatcher {
  opened(businessId: number, userId: number): void;
  closed(businessId: number, userId: number): void;
  stop(): Promise<void>;
}

export function realtimeRoutes(
  app: App,
  ctx: AppContext,
  registry?: client.Registry,
  hubOptions?: HubOptions,
  workspaces?: WorkspaceWatcher,
  /** Which leads are a business's, for operators' activity frames; without it every lead is unknown. */
  leadOf: LeadLookup = async () => false,
): void {
  const hub = createHub(ctx, hubOptions);
  app.addHook('onClose', async () => {
    await hub.close();
    await workspaces?.stop();
  });
  if (registry) {
    new client.Gauge({
      name: 'metadesk_realtime_sockets',
      help: 'Open realtime WebSocket connections in this process',
      registers: [registry],
      collect() {
        this.set(hub.size);
      },
    });
  }

  app.get(
    '/api/v1/realtime',
    {
      websocket: true,
      schema: { querystring: RealtimeQuery },
      // Runs before the upgrade: a refused caller gets a plain HTTP error and no socket is opened.
      preValidation: async (req) => {
        requireSocketSubscriber(req);
      },
    },
    (socket, req) => {
      const actor = requireSubscriber(req);
      hub.connect(coalescing(socket), actor, req.query.since ?? null);
      // What the client says on the socket: its activity in dialogs ("Irina is viewing"), published to the others.
      const activity = activityConnection({ bus: ctx.bus, clock: ctx.clock, log: req.log, leadOf }, actor, (frame) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
      });
      socket.on('message', (data, isBinary) => activity.receive(isBinary ? '' : textOf(data)));
      socket.on('close', () => activity.closed());
      // An operator's open workspace counts for "only operators with the workspace open".
      if (workspaces && actor.kind === 'user' && actor.roles.includes('operator')) {
        workspaces.opened(actor.businessId, actor.userId);
        socket.on('close', () => workspaces.closed(actor.businessId, actor.userId));
      }
    },
  );

  app.get('/api/v1/events', { schema: { tags: ['realtime'], querystring: EventsQuery, response: { 200: EventsPage } } }, async (req) =>
    pollEvents(ctx, requireSubscriber(req), req.query),
  );
}

function textOf(data: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

/** The caller, if it may follow the business's events; else 401 or 403. */
function requireSubscriber(req: FastifyRequest): Actor {
  const actor = requireActor(req);
  if (!canSubscribe(actor)) throw forbidden('Realtime events need an operator, admin or viewer role');
  return actor;
}

/**
 * Browsers send cookies on cross-site WebSocket handshakes and no CORS check applies, so a foreign
 * page could read a signed-in operator's stream (cross-site WebSocket hijacking). A cookie-signed
 * socket must come from our own origin; API tokens are not sent ambiently and need no check.
 */
function requireSocketSubscriber(req: FastifyRequest): void {
  const actor = requireSubscriber(req);
  const origin = req.headers.origin;
  if (actor.kind === 'user' && origin !== undefined && !sameHost(origin, req.host)) {
    throw forbidden(`WebSocket origin ${origin} is not this server`);
  }
}

function sameHost(origin: string, host: string): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
