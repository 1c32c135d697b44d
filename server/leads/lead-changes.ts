import type { Tx } from '../storage/db';
import type { Lead, LeadUpdate } from '../storage/schema';
import { applyContextChanges, getContexts } from './contexts.repo';
import { addTags, deleteAttributes, getAttributes, getTags, removeTags, setAttributes } from './leads.repo';

/** What an edit asks for: attributes to set and delete, tags and contexts to add and remove, a status. */
export interface LeadDataEdit {
  setAttributes?: Record<string, string>;
  deleteAttributes?: readonly string[];
  addTags?: readonly string[];
  removeTags?: readonly string[];
  addContexts?: readonly string[];
  removeContexts?: readonly string[];
  /** undefined: leave the status as it is; null: no status. */
  status?: string | null;
}

/**
 * What actually changed on the lead: an attribute set to the value it had, a tag it already had, the
 * status it is already in are no change. Triggers fire on these (whoever made the change).
 */
export interface LeadChanges {
  /** Attributes that are new or have a new value. */
  attributesSet: string[];
  /** Attributes that were there and are gone. */
  attributesDeleted: string[];
  /** The status before and after, when it changed. */
  status: { from: string | null; to: string | null } | null;
  tagsAdded: string[];
  tagsRemoved: string[];
  contextsAdded: string[];
  contextsRemoved: string[];
}

export const NO_CHANGES: LeadChanges = Object.freeze({
  attributesSet: [],
  attributesDeleted: [],
  status: null,
  tagsAdded: [],
  tagsRemoved: [],
  contextsAdded: [],
  contextsRemoved: [],
});

export function hasChanges(c: LeadChanges): boolean {
  const n = c.attributesSet.length + c.attributesDeleted.length + c.tagsAdded.length + c.tagsRemoved.length + c.contextsAdded.length + c.contextsRemoved.length;
  return n > 0 || c.status !== null;
}

/**
 * The one place a lead's data is changed (a bot run's commit, an edit from the lead's page or the
 * API): writes the attributes and tags that differ from what the lead has, under the caller's lock
 * on the lead, and answers what changed with the lead columns to update (status, and the searchable
 * phone and e-mail that sys_phone and sys_email fill). The caller writes `patch` with its own columns.
 */
export async function applyLeadChanges(tx: Tx, lead: Lead, edit: LeadDataEdit): Promise<{ changes: LeadChanges; patch: LeadUpdate }> {
  const wantsAttrs = Object.keys(edit.setAttributes ?? {}).length + (edit.deleteAttributes?.length ?? 0) > 0;
  const wantsTags = (edit.addTags?.length ?? 0) + (edit.removeTags?.length ?? 0) > 0;
  const wantsContexts = (edit.addContexts?.length ?? 0) + (edit.removeContexts?.length ?? 0) > 0;
  const [attrs, tags, contexts] = await Promise.all([
    wantsAttrs ? getAttributes(tx, lead.id) : ({} as Record<string, string>),
    wantsTags ? getTags(tx, lead.id) : ([] as string[]),
    wantsContexts ? getContexts(tx, lead.id) : ([] as string[]),
  ]);
  const had = new Set(tags);
  const hadContexts = new Set(contexts);
  const set: Record<string, string> = {};
  for (const [k, v] of Object.entries(edit.setAttributes ?? {})) if (attrs[k] !== v) set[k] = v;
  const deleted = [...new Set(edit.deleteAttributes ?? [])].filter((k) => k in attrs && !(k in set));
  const added = [...new Set(edit.addTags ?? [])].filter((t) => !had.has(t));
  const removed = [...new Set(edit.removeTags ?? [])].filter((t) => had.has(t) && !added.includes(t));
  if (Object.keys(set).length) await setAttributes(tx, lead.id, set);
  if (deleted.length) await deleteAttributes(tx, lead.id, deleted);
  if (added.length) await addTags(tx, lead.id, added);
  if (removed.length) await removeTags(tx, lead.id, removed);
  const contextsAdded = [...new Set(edit.addContexts ?? [])].filter((c) => !hadContexts.has(c));
  const contextsRemoved = [...new Set(edit.removeContexts ?? [])].filter((c) => hadContexts.has(c) && !contextsAdded.includes(c));
  await applyContextChanges(tx, lead.id, { add: contextsAdded, remove: contextsRemoved });
  const patch: LeadUpdate = {};
  for (const [attr, column] of [
    ['sys_phone', 'phone'],
    ['sys_email', 'email'],
  ] as const) {
    if (attr in set) patch[column] = set[attr];
    else if (deleted.includes(attr)) patch[column] = null;
  }
  const status = edit.status !== undefined && edit.status !== lead.status ? { from: lead.status, to: edit.status } : null;
  if (status) patch.status = status.to;
  return {
    changes: { attributesSet: Object.keys(set), attributesDeleted: deleted, status, tagsAdded: added, tagsRemoved: removed, contextsAdded, contextsRemoved },
    patch,
  };
}

/**
 * What a change of a lead's data is handed to: the bots module queues the triggers it fires, in the
 * same transaction (wired by the composition root, so leads never imports bots).
 */
export type LeadChangedPort = (tx: Tx, o: { lead: Lead; changes: LeadChanges; depth: number; now: number }) => Promise<unknown>;
