// A widget visitor's token: which channel and which visitor, signed with an installation secret, so
// the server keeps no session table and a visitor reaches only its own conversation. Pure.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface Visitor {
  channelId: number;
  /** Random, chosen by the server at the visitor's first visit; the lead's messenger id is `w_<visitorId>`. */
  visitorId: string;
}

export interface VisitorTokens {
  issue(channelId: number): { token: string; visitor: Visitor };
  /** The visitor a token names, or null when it is not one of ours (forged, another installation's, mangled). */
  read(token: string): Visitor | null;
}

export function createVisitorTokens(secret: string): VisitorTokens {
  const sign = (channelId: number, visitorId: string) => createHmac('sha256', secret).update(`widget-visitor:${channelId}:${visitorId}`).digest('base64url');
  return {
    issue(channelId) {
      const visitorId = randomBytes(16).toString('base64url');
      return { token: `${channelId}.${visitorId}.${sign(channelId, visitorId)}`, visitor: { channelId, visitorId } };
    },
    read(token) {
      const m = /^(\d{1,15})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/.exec(token);
      if (!m) return null;
      const channelId = Number(m[1]);
      const visitorId = m[2]!;
      const expected = Buffer.from(sign(channelId, visitorId));
      const given = Buffer.from(m[3]!);
      return expected.length === given.length && timingSafeEqual(expected, given) ? { channelId, visitorId } : null;
    },
  };
}

/** The lead's messenger id of a visitor. */
export function visitorMessengerId(v: Visitor): string {
  return `w_${v.visitorId}`;
}

/** The name of a visitor's lead until someone learns the real one: short, and the same for the same visitor. */
export function visitorName(v: Visitor, language: string | null): string {
  const word = (language ?? '').toLowerCase().startsWith('ru') ? 'Посетитель' : 'Visitor';
  return `${word} ${v.visitorId.slice(0, 4).toUpperCase()}`;
}
