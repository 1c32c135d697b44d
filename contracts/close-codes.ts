// No zod here: the web app imports these values at run time and keeps its bundle small.

/** Close codes of the realtime socket; on any of them, reconnect with `since` = the last seq received. */
export const CLOSE_CODES = {
  /** The server is shutting down. */
  goingAway: 1001,
  /** The user signed out (or was disabled): reconnect only with a valid session. */
  signedOut: 4001,
  /** The client read too slowly and its queue passed the bound. */
  tooSlow: 4008,
  /** This server process lost track of the business's stream. */
  lostTrack: 4009,
} as const;
