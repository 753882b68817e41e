// A PowerShell parser for tests: the tree-sitter PowerShell grammar (npm tree-sitter-powershell, its shipped .wasm) on web-tree-sitter.
import { createRequire } from 'node:module';
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';

let parser: Promise<Parser> | undefined;

/** One parser per test file: the grammar's WebAssembly is loaded once. */
export function powershellParser(): Promise<Parser> {
  parser ??= (async () => {
    await Parser.init();
    // The grammar package's own build of the parser as WebAssembly: no native addon, no compiler needed in CI.
    const wasm = createRequire(import.meta.url).resolve('tree-sitter-powershell/tree-sitter-powershell.wasm');
    const language = await Language.load(wasm);
    const p = new Parser();
    p.setLanguage(language);
    return p;
  })();
  return parser;
}

export async function parsePowerShell(source: string): Promise<Tree> {
  const tree = (await powershellParser()).parse(source);
  if (!tree) throw new Error('the PowerShell parser returned no tree');
  return tree;
}

/** Every syntax error the parser recovered from, as "line:column kind". */
export function syntaxErrors(tree: Tree): string[] {
  const out: string[] = [];
  const walk = (node: Node) => {
    if (node.isError || node.isMissing) out.push(`${node.startPosition.row + 1}:${node.startPosition.column + 1} ${node.isMissing ? `missing ${node.type}` : 'unexpected text'}`);
    for (const child of node.children) if (child) walk(child);
  };
  walk(tree.rootNode);
  return out;
}

export function nodesOfType(tree: Tree, type: string): Node[] {
  return tree.rootNode.descendantsOfType(type).filter((n): n is Node => n !== null);
}
