// What a widget visitor can do: start or resume its conversation, read it, write, send files. A
// visitor is its own kind of caller: its token names one channel and one visitor, and every use case
// here reaches only that visitor's lead.
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { ATTACHMENT_MIMES, LIMITS } from '../../../contracts/limits';
import type { WidgetAttachment, WidgetMessage, WidgetSendBody, WidgetSession, WidgetSettings } from '../../../contracts/widget';
import type { AppContext } from '../../context';
import { ACCEPTED_IN_WORDS, acceptedMime, checkedContent, cleanFileName, insertAttachment, presentAttachment } from '../../attachments/index';
import { AppError, forbidden, notFound } from '../../errors';
import { findLeadOfMessenger, insertLeadIfNew, listConversationAfter, presentStored } from '../../leads/index';
import { commit } from '../../realtime/index';
import type { Channel } from '../../storage/schema';
import { findChannelById, findWidgetChannel } from '../channels.repo';
import { widgetSettings } from '../channel-config';
import type { ReceiveLeadMessage } from '../inbound-port';
import type { VisitorHub } from './outbound';
import { presentForVisitor } from './present';
import { visitorMessengerId, visitorName, type Visitor, type VisitorTokens } from './visitor-token';

export interface WidgetDeps {
  ctx: Pick<AppContext, 'db' | 'bus' | 'clock' | 'blobs' | 'attachmentLinks' | 'config' | 'log'>;
  tokens: VisitorTokens;
  receiveLeadMessage: ReceiveLeadMessage;
  hub: VisitorHub;
}

/** A visitor whose token checked out, with its channel. */
export interface VisitorCall {
  channel: Channel;
  settings: WidgetSettings;
  visitor: Visitor;
  /** The page's language (Accept-Language), for a new lead. */
  language: string | null;
}

/**
 * Whether a page of this origin may use the widget: any, when the channel names none; else only the
 * named sites and this server itself (the demo page). A request without Origin is not from another
 * site's page (browsers always send it across origins), so it passes.
 */
export function originAllowed(settings: WidgetSettings, origin: string | undefined, publicUrl: string): boolean {
  if (!origin || settings.allowedOrigins.length === 0) return true;
  return settings.allowedOrigins.includes(origin) || origin === new URL(publicUrl).origin;
}

function checkOrigin(deps: WidgetDeps, settings: WidgetSettings, origin: string | undefined): void {
  if (!originAllowed(settings, origin, deps.ctx.config.PUBLIC_URL))
    throw forbidden(`This chat is not enabled for ${origin}: add it to the widget's allowed sites`);
}

/** Starts a visitor's conversation, or resumes it with the token the browser kept. */
export async function startSession(
  deps: WidgetDeps,
  o: { key: string; token?: string | null | undefined; origin: string | undefined },
): Promise<WidgetSession> {
  const channel = await findWidgetChannel(deps.ctx.db, o.key);
  if (!channel) throw notFound('Widget with this key');
  const settings = widgetSettings(channel)!;
  checkOrigin(deps, settings, o.origin);
  const kept = o.token ? deps.tokens.read(o.token) : null;
  const resumed = kept !== null && kept.channelId === channel.id;
  const token = resumed ? o.token! : deps.tokens.issue(channel.id).token;
  const { title, greeting, buttonLayout, showTimes, color } = settings;
  return {
    token,
    resumed,
    appearance: { title, greeting, buttonLayout, showTimes, color },
    limits: { messageText: LIMITS.messageText, attachmentBytes: LIMITS.attachmentBytes, attachmentMimes: [...ATTACHMENT_MIMES] },
  };
}

/** The visitor a token names, or 401 (unknown token, or its channel is gone); 403 from a site the channel does not allow. */
export async function visitorOf(deps: WidgetDeps, o: { token: string | undefined; origin: string | undefined; language: string | null }): Promise<VisitorCall> {
  const visitor = o.token ? deps.tokens.read(o.token) : null;
  const channel = visitor ? await findChannelById(deps.ctx.db, visitor.channelId) : undefined;
  if (!visitor || !channel || channel.kind !== 'widget')
    throw new AppError('unauthenticated', 'The visitor token is missing or no longer valid: start a new session');
  const settings = widgetSettings(channel)!;
  checkOrigin(deps, settings, o.origin);
  return { channel, settings, visitor, language: o.language };
}

/** The visitor's conversation, oldest first; with `after`, only what is newer (a reconnect's catch-up). */
export async function listVisitorMessages(
  deps: WidgetDeps,
  who: VisitorCall,
  q: { after?: number | undefined; limit: number },
): Promise<{ messages: WidgetMessage[]; hasMore: boolean }> {
  const lead = await findLeadOfMessenger(deps.ctx.db, who.channel.id, visitorMessengerId(who.visitor));
  if (!lead) return { messages: [], hasMore: false };
  const page = await listConversationAfter(deps.ctx.db, lead.id, { after: q.after ?? 0, limit: q.limit });
  const now = deps.ctx.clock();
  return {
    messages: (await presentStored(deps.ctx.db, page.messages)).map((m) => presentForVisitor(m, (id) => deps.ctx.attachmentLinks.signedUrl(id, now))),
    hasMore: page.hasMore,
  };
}

/** The visitor writes: stored once per clientMessageId, then the bot (or the operators) answer as for any lead. */
export async function sendVisitorMessage(deps: WidgetDeps, who: VisitorCall, body: WidgetSendBody): Promise<{ message: WidgetMessage; duplicate: boolean }> {
  const now = deps.ctx.clock();
  const { result } = await commit(deps.ctx, who.channel.business_id, (tx) =>
    deps.receiveLeadMessage(tx, {
      channel: who.channel,
      messengerId: visitorMessengerId(who.visitor),
      defaultName: visitorName(who.visitor, who.language),
      language: who.language ?? undefined,
      clientMessageId: body.clientMessageId,
      text: body.text,
      attachmentIds: body.attachmentIds,
      now,
    }),
  );
  // The bot answers within moments: the visitor sees it "typing" meanwhile.
  if (!result.duplicate && result.handledBy === 'bot') deps.hub.typing(who.channel.business_id, result.leadId, null);
  return { message: presentForVisitor(result.message, (id) => deps.ctx.attachmentLinks.signedUrl(id, now)), duplicate: result.duplicate };
}

/**
 * A file the visitor will send with its next message: the type must be allowed and the content must
 * match it; the size is limited while it streams. The visitor's lead is made if this is its first step.
 */
export async function uploadVisitorFile(
  deps: WidgetDeps,
  who: VisitorCall,
  file: { name: string; mime: string; content: Readable },
): Promise<WidgetAttachment> {
  try {
    const name = cleanFileName(file.name);
    const mime = acceptedMime(file.mime, name);
    if (!mime) {
      throw new AppError('unsupported_type', `Files of type ${file.mime || 'unknown'} (${name}) cannot be sent; allowed: ${ACCEPTED_IN_WORDS}`, undefined, {
        name,
        type: file.mime || 'unknown',
      });
    }
    const key = randomBytes(24).toString('base64url');
    const content = checkedContent(file.content, { mime, name, maxBytes: LIMITS.attachmentBytes });
    await deps.ctx.blobs.put(key, content.stream);
    const now = deps.ctx.clock();
    const row = await deps.ctx.db.transaction().execute(async (tx) => {
      const { lead } = await insertLeadIfNew(tx, {
        businessId: who.channel.business_id,
        botId: who.channel.bot_id,
        channelId: who.channel.id,
        messengerId: visitorMessengerId(who.visitor),
        name: visitorName(who.visitor, who.language),
        language: who.language,
        now,
      });
      return insertAttachment(tx, {
        business_id: lead.business_id,
        lead_id: lead.id,
        storage_key: key,
        name,
        mime,
        size: content.size(),
        uploaded_by: null,
        message_id: null,
        created_at: now,
      });
    });
    const a = presentAttachment(row);
    return { ...a, url: deps.ctx.attachmentLinks.signedUrl(row.id, now) };
  } catch (err) {
    file.content.destroy();
    throw err;
  }
}
