// The section's texts join the app's (under `bots.`) when the section's code loads: the workspace's
// first screen stays as small as it was.
import { i18next } from '../../i18n/i18n';
import { botsEn } from './texts.en';
import { botsRu } from './texts.ru';

i18next.addResourceBundle('en', 'translation', { bots: botsEn }, true, false);
i18next.addResourceBundle('ru', 'translation', { bots: botsRu }, true, false);
