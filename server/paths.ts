import fs from 'node:fs';
import path from 'node:path';

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/**
 * The project's root folder (where package.json is), the same whether the server runs from its
 * sources (server/) or from its build (dist/server/): files outside the build, such as web/dist,
 * are found from here rather than relative to the running module.
 */
export const PROJECT_ROOT = findRoot(import.meta.dirname);
