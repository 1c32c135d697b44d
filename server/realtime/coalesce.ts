import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { HubSocket } from './subscriber';

// Under load several events are committed in one turn of the event loop. Corking each socket on its
// first frame of the turn and uncorking once the turn's I/O is done (setImmediate) sends those
// frames in one system call per socket instead of one per frame; with 50 operators online that is
// the biggest cost of a message. Idle, the delay is one loop turn.
const corked = new Set<Socket>();
let flushScheduled = false;

function flush(): void {
  flushScheduled = false;
  for (const s of corked) s.uncork();
  corked.clear();
}

/** The `ws` socket as the hub's socket, with frames of one loop turn coalesced. */
export function coalescing(ws: WebSocket): HubSocket {
  // `_socket` is ws's underlying TCP socket (stable in ws 8, not in its types).
  const raw = (ws as unknown as { _socket?: Socket })._socket;
  return {
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
    send(data, options, cb) {
      if (raw && !raw.destroyed && !corked.has(raw)) {
        raw.cork();
        corked.add(raw);
        if (!flushScheduled) {
          flushScheduled = true;
          setImmediate(flush);
        }
      }
      ws.send(data, options, cb);
    },
    ping: () => ws.ping(),
    close: (code, reason) => ws.close(code, reason),
    terminate: () => ws.terminate(),
    on: (event, listener) => ws.on(event, listener),
  };
}
