/**
 * The layer rule of docs/architecture.md, checked by reading the source:
 * - lib/domain imports nothing from Next.js, React or app/;
 * - lib/server imports only types from lib/domain, except the shared vocabulary listed in
 *   ALLOWED_DOMAIN_VALUE_IMPORTS.
 * Test files are left out; so is lib/server/generated (Prisma's generated client).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Domain modules adapters may import values from (paths from the root, no extension). */
const ALLOWED_DOMAIN_VALUE_IMPORTS: readonly string[] = [
  'lib/domain/app-error', // AppError and isAppError: shared vocabulary of every layer
  'lib/domain/billing-rules', // BillingRules and its defaults: types and constants
];

/**
 * The one adapter that composes domain calls, and why: Auth.js takes a single configuration
 * object whose `authorize` callbacks must run the sign-in rules, and the proxy, the auth route
 * and the sign-in actions all import that same object. It is the composition root of sign-in.
 */
const COMPOSITION_ROOTS: readonly string[] = ['lib/server/auth/config.ts'];

/** A SCREAMING_CASE name is a constant (a limit, a dev default), not a domain function. */
const isConstantName = (name: string) => /^[A-Z][A-Z0-9_]*$/.test(name);

/** Bare packages lib/domain must not import (the package itself or any subpath). */
const FORBIDDEN_PACKAGES_IN_DOMAIN: readonly string[] = ['next', 'react', 'react-dom'];

const ROOT = path.resolve(import.meta.dirname, '..');

type ImportRecord = {
  line: number;
  specifier: string;
  /** True when the statement can bring no value at run time (`import type`, or all `type` names). */
  typeOnly: boolean;
  /** The value names imported: `x`, `default as Y`, `* as Z`, or `(side effect)`. */
  values: string[];
};

function sourceFiles(directory: string, skip: readonly string[] = []): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const relative = path.relative(ROOT, full).split(path.sep).join('/');
      if (skip.some((prefix) => relative === prefix || relative.startsWith(`${prefix}/`))) continue;
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) files.push(full);
    }
  };
  walk(path.join(ROOT, directory));
  return files.sort();
}

/** Blanks comments, keeping line breaks and string literals, so offsets still give lines. */
function withoutComments(source: string): string {
  return source.replace(
    /\/\*[\s\S]*?\*\/|\/\/[^\n]*|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`/g,
    (match) => (match.startsWith('/') ? match.replace(/[^\n]/g, ' ') : match),
  );
}

function valueNames(clause: string): string[] {
  const names: string[] = [];
  const braces = /\{([\s\S]*)\}/.exec(clause);
  const outside = clause.replace(/\{[\s\S]*\}/, '').trim();
  for (const part of outside.split(',')) {
    const name = part.trim();
    if (name === '') continue;
    names.push(name.startsWith('*') ? name.replace(/\s+/g, ' ') : `default as ${name}`);
  }
  for (const part of braces?.[1]?.split(',') ?? []) {
    const name = part.trim().replace(/\s+/g, ' ');
    if (name !== '' && !name.startsWith('type ')) names.push(name);
  }
  return names;
}

/** Every static import, re-export, dynamic import() and require() of one file. */
function readImports(source: string): ImportRecord[] {
  const code = withoutComments(source);
  const lineAt = (index: number) => code.slice(0, index).split('\n').length;
  const records: ImportRecord[] = [];
  const statement =
    /(?<=^|[\n;])[ \t]*(import|export)\s+(type\s+)?([\w$*{},\s]*?)\s*from\s*['"]([^'"]+)['"]/g;
  for (const match of code.matchAll(statement)) {
    const [, , typeKeyword, clause = '', specifier = ''] = match;
    const values = typeKeyword ? [] : valueNames(clause);
    const keyword = match[0].search(/\S/);
    records.push({
      line: lineAt((match.index ?? 0) + keyword),
      specifier,
      typeOnly: values.length === 0,
      values,
    });
  }
  const sideEffect = /(?<=^|[\n;])[ \t]*import\s*['"]([^'"]+)['"]/g;
  for (const match of code.matchAll(sideEffect)) {
    records.push({
      line: lineAt((match.index ?? 0) + match[0].search(/\S/)),
      specifier: match[1] ?? '',
      typeOnly: false,
      values: ['(side effect)'],
    });
  }
  // A type query (`typeof import('x')`, `import('x').SomeType`) brings no value.
  const dynamic =
    /(\btypeof\s+)?\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)(\s*\.\s*(?!then\b)[\w$]+)?/g;
  for (const match of code.matchAll(dynamic)) {
    const typeOnly = Boolean(match[1] || match[3]);
    records.push({
      line: lineAt((match.index ?? 0) + match[0].search(/\S/)),
      specifier: match[2] ?? '',
      typeOnly,
      values: typeOnly ? [] : ['(dynamic import)'],
    });
  }
  return records.sort((a, b) => a.line - b.line);
}

/** The root-relative module path of a relative or `@/` specifier (no extension, no /index). */
function resolveLocal(fromFile: string, specifier: string): string | null {
  let absolute: string;
  if (specifier.startsWith('@/')) absolute = path.join(ROOT, specifier.slice(2));
  else if (specifier.startsWith('.')) absolute = path.resolve(path.dirname(fromFile), specifier);
  else return null;
  return path
    .relative(ROOT, absolute)
    .split(path.sep)
    .join('/')
    .replace(/\.(tsx?|jsx?|mjs)$/, '')
    .replace(/\/index$/, '');
}

function isUnder(module: string | null, directory: string): boolean {
  return module !== null && (module === directory || module.startsWith(`${directory}/`));
}

function where(file: string, line: number): string {
  return `${path.relative(ROOT, file).split(path.sep).join('/')}:${line}`;
}

describe('the layer rule (docs/architecture.md)', () => {
  it('reads imports of every shape', () => {
    const source = [
      "import 'server-only';",
      "import type { A } from '../x';",
      'import {',
      '  type B,',
      '  c,',
      "} from '../y';",
      "import D, { type E } from '@/z';",
      "export { f } from './f'; // import g from 'commented-out'",
      "const h = await import('next/headers');",
      "type W = typeof import('../w');",
    ].join('\n');
    expect(readImports(source)).toEqual([
      { line: 1, specifier: 'server-only', typeOnly: false, values: ['(side effect)'] },
      { line: 2, specifier: '../x', typeOnly: true, values: [] },
      { line: 3, specifier: '../y', typeOnly: false, values: ['c'] },
      { line: 7, specifier: '@/z', typeOnly: false, values: ['default as D'] },
      { line: 8, specifier: './f', typeOnly: false, values: ['f'] },
      { line: 9, specifier: 'next/headers', typeOnly: false, values: ['(dynamic import)'] },
      { line: 10, specifier: '../w', typeOnly: true, values: [] },
    ]);
  });

  it('lib/domain imports nothing from next, react, react-dom or app/', () => {
    const offences: string[] = [];
    for (const file of sourceFiles('lib/domain')) {
      for (const record of readImports(readFileSync(file, 'utf8'))) {
        const { specifier } = record;
        const forbiddenPackage = FORBIDDEN_PACKAGES_IN_DOMAIN.some(
          (name) => specifier === name || specifier.startsWith(`${name}/`),
        );
        if (forbiddenPackage || isUnder(resolveLocal(file, specifier), 'app')) {
          offences.push(`${where(file, record.line)} imports '${specifier}'`);
        }
      }
    }
    expect(
      offences,
      `lib/domain must not depend on Next.js, React or app/:\n${offences.join('\n')}`,
    ).toEqual([]);
  });

  it('lib/server imports only types from lib/domain (besides the allowed modules)', () => {
    const offences: string[] = [];
    for (const file of sourceFiles('lib/server', ['lib/server/generated', ...COMPOSITION_ROOTS])) {
      for (const record of readImports(readFileSync(file, 'utf8'))) {
        const module = resolveLocal(file, record.specifier);
        if (record.typeOnly || !isUnder(module, 'lib/domain')) continue;
        if (module !== null && ALLOWED_DOMAIN_VALUE_IMPORTS.includes(module)) continue;
        if (record.values.every(isConstantName)) continue;
        offences.push(
          `${where(file, record.line)} imports ${record.values.join(', ')} from '${record.specifier}'`,
        );
      }
    }
    expect(
      offences,
      `adapters must not call domain functions (an entry point in app/ or scripts/ composes them):\n${offences.join('\n')}`,
    ).toEqual([]);
  });
});
