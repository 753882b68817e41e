// Reads src/ with the TypeScript compiler's parser: every module's imports (static, re-exports, dynamic) and every function's length.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const SRC = fileURLToPath(new URL('../../src', import.meta.url));

export interface Module {
  /** Path below src/, e.g. "cli/main.ts". */
  path: string;
  /** The top folder ("cli", "core") or, for a file directly in src/, its name ("index.ts"). */
  layer: string;
  /** Modules of src/ it imports, as paths below src/ (without extension). */
  imports: string[];
  /** Packages it imports ("yargs", "node:fs"). */
  packages: string[];
  source: ts.SourceFile;
}

export function layerOf(path: string): string {
  return path.split('/')[0]!;
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

function specifiers(source: ts.SourceFile): string[] {
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) out.push(node.moduleSpecifier.text);
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) {
      out.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

let cache: Module[] | undefined;

export function modules(): Module[] {
  cache ??= files(SRC).map((file) => {
    const path = relative(SRC, file).split('\\').join('/');
    const source = ts.createSourceFile(path, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const imports: string[] = [];
    const packages: string[] = [];
    for (const spec of specifiers(source)) {
      if (!spec.startsWith('.')) packages.push(spec);
      else {
        const target = relative(SRC, resolve(dirname(file), spec)).split('\\').join('/');
        if (!target.startsWith('..')) imports.push(target.replace(/\.(js|ts|json)$/, ''));
      }
    }
    return { path, layer: layerOf(path), imports, packages, source };
  });
  return cache;
}

export interface FunctionSize {
  where: string;
  lines: number;
}

/** Every function with a body (declarations, methods, arrows, accessors), by its length in lines. */
export function functionSizes(): FunctionSize[] {
  const out: FunctionSize[] = [];
  for (const m of modules()) {
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
        const start = m.source.getLineAndCharacterOfPosition(node.getStart(m.source)).line;
        const end = m.source.getLineAndCharacterOfPosition(node.getEnd()).line;
        const name = 'name' in node && node.name ? node.name.getText(m.source) : '(anonymous)';
        out.push({ where: `src/${m.path}:${start + 1} ${name}`, lines: end - start + 1 });
      }
      ts.forEachChild(node, visit);
    };
    visit(m.source);
  }
  return out.sort((a, b) => b.lines - a.lines);
}
