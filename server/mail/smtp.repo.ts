import type { Executor } from '../storage/db';
import type { SmtpSettingsTable } from '../storage/schema';

export type SmtpRow = SmtpSettingsTable;

/** The business's SMTP settings, if it configured a server. */
export async function findSmtpSettings(db: Executor, businessId: number): Promise<SmtpRow | undefined> {
  return db.selectFrom('smtp_settings').selectAll().where('business_id', '=', businessId).executeTakeFirst();
}

/** Writes the business's SMTP settings whole (the caller decides the password to keep). */
export async function upsertSmtpSettings(tx: Executor, row: SmtpRow): Promise<void> {
  const { business_id: _id, ...rest } = row;
  await tx
    .insertInto('smtp_settings')
    .values(row)
    .onConflict((oc) => oc.column('business_id').doUpdateSet(rest))
    .execute();
}
