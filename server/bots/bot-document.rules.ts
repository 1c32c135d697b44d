import type { BotExport } from '../../contracts/scripts';
import { under, type Problem } from './problems';
import { repeatedEntries, singletonTaken, takenEntries, unknownReferences } from './script.rules';

/** Codes used twice in one list of the document. */
function repeatedCodes(items: readonly { code: string }[], list: string): Problem[] {
  const first = new Map<string, number>();
  const problems: Problem[] = [];
  items.forEach((it, i) => {
    const j = first.get(it.code);
    if (j === undefined) first.set(it.code, i);
    else problems.push({ path: `${list}[${i}].code`, message: `"${it.code}" is already the code of ${list}[${j}]` });
  });
  return problems;
}

/**
 * Everything that keeps an import document from being a working bot, except JS syntax (the sandbox
 * checks that): repeated codes, references to scripts or triggers the document does not have,
 * repeated entries, a second fallback or system script. References are resolved within the
 * document, so scripts may come in any order and name each other. Paths are relative to the document.
 */
export function documentProblems(doc: BotExport): Problem[] {
  const catalog = { scripts: new Set(doc.scripts.map((s) => s.code)), triggers: new Set(doc.triggers.map((t) => t.code)) };
  const problems = [...repeatedCodes(doc.scripts, 'scripts'), ...repeatedCodes(doc.triggers, 'triggers')];
  doc.scripts.forEach((s, i) => {
    // Each script is compared with the ones before it, so a clash is reported once, at the later one.
    const earlier = doc.scripts.slice(0, i).filter((e) => e.code !== s.code);
    const taken = singletonTaken(s, earlier);
    problems.push(
      ...under(`scripts[${i}].`, [...repeatedEntries(s.entries), ...unknownReferences(s, catalog), ...(taken ? [taken] : []), ...takenEntries(s, earlier)]),
    );
  });
  for (const key of ['startScript', 'returnScript', 'transferScript'] as const) {
    const code = doc.bot[key];
    if (code !== null && !catalog.scripts.has(code)) problems.push({ path: `bot.${key}`, message: `no script "${code}" in this document` });
  }
  doc.triggers.forEach((t, i) => {
    if (!catalog.scripts.has(t.script)) problems.push({ path: `triggers[${i}].script`, message: `no script "${t.script}" in this document` });
  });
  return problems;
}
