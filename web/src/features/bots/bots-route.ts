// Where the bots section is, kept in the hash so a reload, a bookmark or Back land on the same screen:
//   #/settings/bots                         the bots
//   #/settings/bots/<botId>                 one bot, its scripts
//   #/settings/bots/<botId>/triggers        one bot, its triggers
//   #/settings/bots/<botId>/log             one bot, what its scripts logged
//   #/settings/bots/<botId>/console         one bot, the test console
//   #/settings/bots/<botId>/scripts/<code>  a script in the editor
//   #/settings/bots/<botId>/new-script      a new script in the editor

export type BotTab = 'scripts' | 'triggers' | 'log' | 'console';

export type BotsRoute = { view: 'list' } | { view: 'bot'; botId: number; tab: BotTab } | { view: 'script'; botId: number; code: string | null };

const BASE = '/settings/bots';
const CODE = /^[a-z0-9_]{1,64}$/;

/** The screen a hash path names; anything unknown is the list. */
export function parseBotsRoute(hashPath: string): BotsRoute {
  if (!hashPath.startsWith(`${BASE}/`)) return { view: 'list' };
  const [id, part, code, ...rest] = hashPath.slice(BASE.length + 1).split('/');
  const botId = Number(id);
  if (!Number.isInteger(botId) || botId < 1 || rest.length) return { view: 'list' };
  if (part === undefined || part === '' || part === 'scripts') return code === undefined ? { view: 'bot', botId, tab: 'scripts' } : scriptRoute(botId, code);
  if ((part === 'triggers' || part === 'log' || part === 'console') && code === undefined) return { view: 'bot', botId, tab: part };
  if (part === 'new-script' && code === undefined) return { view: 'script', botId, code: null };
  return { view: 'list' };
}

function scriptRoute(botId: number, code: string): BotsRoute {
  return CODE.test(code) ? { view: 'script', botId, code } : { view: 'bot', botId, tab: 'scripts' };
}

/** The hash (with '#') of a screen. */
export function botsHref(route: BotsRoute): string {
  switch (route.view) {
    case 'list':
      return `#${BASE}`;
    case 'bot':
      return `#${BASE}/${route.botId}${route.tab === 'scripts' ? '' : `/${route.tab}`}`;
    case 'script':
      return `#${BASE}/${route.botId}/${route.code === null ? 'new-script' : `scripts/${route.code}`}`;
  }
}
