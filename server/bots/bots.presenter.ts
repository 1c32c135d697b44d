import type { Bot as BotDto } from '../../contracts/bots';
import type { Bot } from './bots.repo';

export function presentBot(b: Bot): BotDto {
  return {
    id: b.id,
    name: b.name,
    createdAt: b.created_at,
    startScript: b.start_script,
    returnScript: b.return_script,
    transferScript: b.transfer_script,
  };
}
