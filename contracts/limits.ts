/** Limits shared by the server, the web app and the widget. */
export const LIMITS = {
  messageText: 4096,
  leadName: 200,
  attributeName: 64,
  attributeValue: 4096,
  tag: 64,
  clientMessageId: 128,
  searchQuery: 200,
  pageSize: 100,
  password: { min: 8, max: 200 },
  bodyBytes: 256 * 1024,
  /** One uploaded file; the upload route streams, so this is checked as bytes arrive. */
  attachmentBytes: 10 * 1024 * 1024,
  attachmentsPerMessage: 10,
  attachmentName: 255,
  /**
   * Deepest nesting any request body, query or free-form JSON (payloads, attributes, script request
   * params) may have; deeper is a 400 naming where it gets too deep.
   */
  jsonDepth: 32,
  /** Requests a minute each API token of a business may make (the business's setting apiRateLimitPerMinute). */
  apiRatePerMinute: { min: 1, max: 100_000, default: 3000 },
} as const;

/**
 * A lead attribute's name: letters, digits and _, not starting with a digit, at most
 * LIMITS.attributeName characters (what {{macros}} and the JS API can name).
 */
export const ATTRIBUTE_NAME = new RegExp(`^[A-Za-z_][A-Za-z0-9_]{0,${LIMITS.attributeName - 1}}$`);

/**
 * The NUL character (U+0000) is refused in every text the API takes, keys included: a 400
 * `validation_failed` naming the field, the same on SQLite and PostgreSQL (PostgreSQL cannot store it
 * in text; silently dropping it would change what a user or messenger sent).
 */
export const NUL_REFUSED = 'must not contain the NUL character (U+0000)';

/**
 * The file types operators may send, by MIME type, with the file name extensions that imply them
 * (a browser that sends application/octet-stream is judged by the extension). SVG and HTML are
 * absent on purpose: served from our origin they could run script.
 */
export const ATTACHMENT_TYPES = {
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'application/pdf': ['pdf'],
  'text/plain': ['txt', 'log'],
  'text/csv': ['csv'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['pptx'],
  'application/vnd.oasis.opendocument.text': ['odt'],
  'application/vnd.oasis.opendocument.spreadsheet': ['ods'],
  'application/zip': ['zip'],
  // Voice notes, audio and video from messengers (a Telegram voice message is Ogg Opus).
  'audio/ogg': ['ogg', 'oga', 'opus'],
  'audio/mpeg': ['mp3'],
  'video/mp4': ['mp4'],
} as const satisfies Record<string, readonly string[]>;
export type AttachmentMime = keyof typeof ATTACHMENT_TYPES;
export const ATTACHMENT_MIMES = Object.keys(ATTACHMENT_TYPES) as AttachmentMime[];
