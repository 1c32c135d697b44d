import { z } from 'zod';
import { Id, Millis } from './common';
import { Dialog, InboxRow } from './inbox';
import { ATTRIBUTE_NAME, LIMITS } from './limits';
import { NextCursor, pageQuery } from './pagination';

/** The lead card: everything the information panel shows. */
export const LeadCard = z
  .object({
    row: InboxRow,
    messengerId: z.string(),
    channelName: z.string(),
    language: z.string().nullable(),
    status: z.string().nullable(),
    email: z.string().nullable(),
    tags: z.array(z.string()),
    /** Contexts: named marks the bot's scripts keep on the lead (lead.setContext), sorted. */
    contexts: z.array(z.string()),
    /** The person (one human behind several leads, across channels) the lead belongs to, or null. */
    personId: Id.nullable(),
    /** The person's other leads (in other channels or bots), newest activity first, at most 20. */
    personLeads: z.array(z.object({ id: Id, name: z.string(), channelName: z.string(), lastActivityAt: Millis })),
    /** All attributes (variables), sys_phone and sys_email included. */
    attributes: z.record(z.string(), z.string()),
    operators: z.array(z.object({ id: Id, name: z.string() })),
    createdAt: Millis,
    isForwarded: z.boolean(),
    forwardedAt: Millis.nullable(),
    /**
     * The messenger said the lead cannot get messages; null: reachable. Cleared when the lead writes
     * again. `reason`: `blocked` (it blocked the bot), `deactivated` (its account is gone),
     * `chat_not_found`, or the messenger's own words.
     */
    unreachable: z.object({ at: Millis, reason: z.string() }).nullable(),
  })
  .meta({ id: 'LeadCard' });
export type LeadCard = z.infer<typeof LeadCard>;

/** A lead attribute's name (ATTRIBUTE_NAME). */
export const AttrName = z.string().regex(ATTRIBUTE_NAME, 'letters, digits and _, starting with a letter or _');

export const UpdateLeadBody = z.strictObject({
  name: z.string().trim().min(1).max(LIMITS.leadName).optional(),
  status: z.string().trim().max(64).nullable().optional(),
  language: z.string().trim().max(16).nullable().optional(),
  /** Attributes to set (sys_phone / sys_email also update the searchable phone and e-mail). */
  setAttributes: z.record(AttrName, z.string().max(LIMITS.attributeValue)).optional(),
  deleteAttributes: z.array(AttrName).max(100).optional(),
  addTags: z.array(z.string().trim().min(1).max(LIMITS.tag)).max(100).optional(),
  removeTags: z.array(z.string().trim().min(1).max(LIMITS.tag)).max(100).optional(),
  addContexts: z.array(z.string().trim().min(1).max(LIMITS.tag)).max(100).optional(),
  removeContexts: z.array(z.string().trim().min(1).max(LIMITS.tag)).max(100).optional(),
  /** Links the lead to a person of the business (one human's leads across channels); null unlinks it. */
  personId: Id.nullable().optional(),
  /** Links the lead to the person of another lead of the business (made for both if that lead has none): "the same human as lead N". */
  samePersonAs: Id.optional(),
});
export type UpdateLeadBody = z.infer<typeof UpdateLeadBody>;

export const MarkReadBody = z.strictObject({}).optional();

export const LeadDialogsQuery = z.strictObject({
  ...pageQuery({ default: 50, max: LIMITS.pageSize }),
});

/** A lead's dialogs, newest first: each hand-off to the contact center and who worked on it. */
export const LeadDialogList = z.object({
  dialogs: z.array(
    Dialog.extend({
      /** Everyone who was in the dialog, in the order they joined (also those who left). */
      operators: z.array(z.object({ id: Id, name: z.string() })),
      departmentName: z.string().nullable(),
    }),
  ),
  nextCursor: NextCursor,
});
export type LeadDialogList = z.infer<typeof LeadDialogList>;
