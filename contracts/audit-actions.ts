// No zod here: the web app imports the list without bringing the schema library into its bundle.

/** What was changed: `<what>.<how>`, e.g. `business.update`, `user.create`, `routing_script.save`. */
export const AUDIT_ACTIONS = [
  'business.update',
  'department.create',
  'department.update',
  'department.delete',
  'working_hours.update',
  'user.create',
  'user.update',
  'user.password_link',
  'user.sign_out_everywhere',
  'api_token.create',
  'api_token.revoke',
  'routing_script.save',
  'routing_script.delete',
  'quick_reply.create',
  'quick_reply.update',
  'quick_reply.delete',
  'channel.create',
  'channel.update',
  'channel.rotate_secret',
  'bot.create',
  'bot.import',
  'script.save',
  'script.delete',
  'script.restore',
  'trigger.save',
  'trigger.delete',
  'smtp.update',
  'transcript.email',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
