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
} as const;
