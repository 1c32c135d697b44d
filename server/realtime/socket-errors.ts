import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';

/** The connection dropped under us: the peer went away, nothing of ours failed. */
const NETWORK_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

/**
 * Errors on an open socket (@fastify/websocket's errorHandler). A client's fault is a warning: `ws`
 * reports a protocol violation (a frame over maxPayload, bad UTF-8, an unmasked frame) as a WS_ERR_*
 * error after it has already started closing with the matching status (1009, 1007, 1002), so the
 * close handshake is left to finish and the client learns why; a dropped connection is terminated.
 * Anything else is ours: an error, and the socket is terminated.
 */
export function socketErrorHandler(error: Error, socket: WebSocket, req: FastifyRequest, _reply: FastifyReply): void {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (code.startsWith('WS_ERR_')) {
    req.log.warn({ err: error }, 'realtime client broke the WebSocket protocol: socket closed');
    return;
  }
  if (NETWORK_CODES.has(code)) {
    req.log.warn({ err: error }, 'realtime connection dropped');
  } else {
    req.log.error({ err: error }, 'realtime socket failed');
  }
  socket.terminate();
}
