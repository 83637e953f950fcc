/**
 * `.env` support for the launcher. The real environment wins: a variable present in the
 * environment (even set to the empty string) is never replaced by the file's value, so
 * `DATABASE_URL= npm start` forces the embedded database whatever .env says.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

/** Fills `env` with the file's values for variables `env` does not have. Returns their names. */
export function applyDotEnv(
  fileContent: string,
  env: Record<string, string | undefined>,
): string[] {
  const loaded: string[] = [];
  for (const [name, value] of Object.entries(parseEnv(fileContent))) {
    if (name in env || value === undefined) continue;
    env[name] = value;
    loaded.push(name);
  }
  return loaded;
}

/** Loads `path` into `process.env` when the file exists. */
export function loadDotEnvFile(path: string): string[] {
  if (!existsSync(path)) return [];
  return applyDotEnv(readFileSync(path, 'utf8'), process.env);
}
