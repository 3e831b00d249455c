import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

/**
 * The layer rules of ARCHITECTURE.md as code. Imports are read with the TypeScript parser (not a
 * regex), so `import type`, `export … from`, side-effect imports, `import('…')`, `typeof import('…')`
 * types and `require('…')` are all seen, and comments or strings that merely look like imports are not.
 */

/** One source file, `file` relative to the repository root with forward slashes (`src/web/app.tsx`). */
export interface SourceText {
  file: string;
  text: string;
}

export type ImportKind = 'import' | 'export' | 'side-effect' | 'dynamic' | 'type-query' | 'require';

export interface ImportRef {
  file: string;
  line: number;
  /** The specifier as written; null for `import(expr)` with a computed argument. */
  specifier: string | null;
  kind: ImportKind;
  typeOnly: boolean;
  /** Imported names (`import { a, b as c }` → a, b); null when the whole module is taken (`* as`, default, dynamic). */
  names: string[] | null;
}

export interface Violation {
  file: string;
  line: number;
  message: string;
}

/** What a folder under src/ may import besides itself. */
export interface LayerRule {
  /**
   * Other folders under src/ (`model`), single files (`server/contract.ts`, or `errors.ts` for a
   * file at the top of src/), or 'any'.
   */
  folders: readonly string[] | 'any';
  /**
   * npm packages and node: built-ins it may import (`node:crypto#createHash` allows only that name);
   * 'npm' for any npm package but no Node built-in; 'any'.
   */
  packages: readonly string[] | 'npm' | 'any';
  /** Pure layers must not touch the `process` global either. */
  noProcessGlobal: boolean;
}

/**
 * Folders nothing else under src/ may import, with what enters them instead: the CLI is started by
 * bin/, the web app is the browser's (so the server, say, never imports web; shared logic goes to the model).
 */
export const ENTRY_LAYERS: Readonly<Record<string, string>> = {
  cli: 'bin/catalyst.js',
  web: 'src/web/index.html',
};

export const LAYER_RULES: Readonly<Record<string, LayerRule>> = {
  model: { folders: [], packages: ['zod'], noProcessGlobal: true },
  compiler: {
    folders: ['model'],
    packages: ['yaml', 'smol-toml', 'node:crypto#createHash'],
    noProcessGlobal: true,
  },
  // The studio's web app runs in the browser: from the server it sees only the contract file.
  web: { folders: ['model', 'server/contract.ts'], packages: 'npm', noProcessGlobal: false },
  // The bottom of the I/O layers: deploy, monitor, build, server and cli stand on them, never the
  // reverse, and the two stay apart. They share only the error class (src/errors.ts). The store
  // declares what it needs of the workspace (store/workspace-ports.ts); the workspace runs the
  // migrations the features hand it at open (src/cli/app-workspace.ts composes them).
  store: { folders: ['model', 'errors.ts'], packages: 'any', noProcessGlobal: false },
  workspace: { folders: ['model', 'errors.ts'], packages: 'any', noProcessGlobal: false },
  // Drafting with an LLM (DESIGN §14) validates with the model, generates with the compiler,
  // compiles through build, writes through the store and keeps its history in the workspace.
  // The CLI and the studio server drive it; it never reaches up to them, deploy or the monitor.
  draft: {
    folders: ['model', 'compiler', 'build', 'store', 'workspace', 'errors.ts'],
    packages: 'any',
    noProcessGlobal: false,
  },
};

/**
 * The contract file web imports, and the only server modules it may load at run time (everything
 * else it re-exports with `export type`, which is erased).
 */
export const CONTRACT = {
  file: 'src/server/contract.ts',
  runtime: ['src/server/security/token-names.ts'],
} as const;

const BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('_')));

const parsed = new WeakMap<SourceText, ts.SourceFile>();

/** The syntax tree of a file, parsed once per SourceText. */
function parse(source: SourceText): ts.SourceFile {
  let sf = parsed.get(source);
  if (!sf) {
    const kind = source.file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
    sf = ts.createSourceFile(source.file, source.text, ts.ScriptTarget.Latest, true, kind);
    parsed.set(source, sf);
  }
  return sf;
}

export function parseImports(source: SourceText): ImportRef[] {
  const sf = parse(source);
  const refs: ImportRef[] = [];
  const add = (
    node: ts.Node,
    spec: ts.Node | undefined,
    k: ImportKind,
    typeOnly: boolean,
    names: string[] | null,
  ) => {
    const specifier = spec && ts.isStringLiteralLike(spec) ? spec.text : null;
    const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
    refs.push({ file: source.file, line, specifier, kind: k, typeOnly, names });
  };

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      if (!clause) add(node, node.moduleSpecifier, 'side-effect', false, null);
      else {
        const bindings = clause.namedBindings;
        const named = bindings && ts.isNamedImports(bindings) ? bindings : undefined;
        const names =
          clause.name || (bindings && ts.isNamespaceImport(bindings))
            ? null
            : (named?.elements.map((e) => (e.propertyName ?? e.name).text) ?? []);
        // Only `import type` is erased: with verbatimModuleSyntax `import { type A }` still loads the module.
        add(node, node.moduleSpecifier, 'import', clause.isTypeOnly, names);
      }
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      const clause = node.exportClause;
      const names =
        clause && ts.isNamedExports(clause)
          ? clause.elements.map((e) => (e.propertyName ?? e.name).text)
          : null;
      add(node, node.moduleSpecifier, 'export', node.isTypeOnly, names);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, 'require', node.isTypeOnly, null);
    } else if (ts.isCallExpression(node)) {
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword)
        add(node, node.arguments[0], 'dynamic', false, null);
      else if (ts.isIdentifier(node.expression) && node.expression.text === 'require') {
        add(node, node.arguments[0], 'require', false, null);
      }
    } else if (ts.isImportTypeNode(node)) {
      const arg = node.argument;
      add(node, ts.isLiteralTypeNode(arg) ? arg.literal : undefined, 'type-query', true, null);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return refs;
}

/** Lines where the `process` global is used (`process.env`, `{ process }`, `globalThis.process`), not names like `x.process`. */
export function processGlobalUses(source: SourceText): number[] {
  const sf = parse(source);
  const lines: number[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === 'process' && usesGlobal(node)) {
      lines.push(sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return lines;
}

function usesGlobal(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) {
    // `globalThis.process` reaches the global; `demo.process` does not.
    return (
      ts.isIdentifier(parent.expression) &&
      ['globalThis', 'global', 'window', 'self'].includes(parent.expression.text)
    );
  }
  if (ts.isShorthandPropertyAssignment(parent)) return true; // `{ process }` reads the variable
  // Any other slot where the identifier is the parent's own name is a key or a declaration, not a use.
  if (ts.isQualifiedName(parent)) return parent.left === node; // `typeof process.env`, not `NodeJS.process`
  return (parent as { name?: ts.Node }).name !== node;
}

/** Where an import points: a file under src/ (`layer` = its first folder), or a package / node built-in. */
export type Target =
  | { kind: 'src'; layer: string; module: string }
  | { kind: 'outside'; module: string }
  | { kind: 'package'; name: string };

export function resolveTarget(from: string, specifier: string): Target {
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    const joined = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
    // `./x.js` names the source `./x.ts`: compare modules without their extension.
    const module = stripExtension(joined);
    const parts = module.split('/');
    if (parts[0] === 'src' && parts.length > 2) return { kind: 'src', layer: parts[1]!, module };
    return { kind: 'outside', module };
  }
  if (specifier.startsWith('node:') || BUILTINS.has(specifier.split('/')[0]!)) {
    return { kind: 'package', name: `node:${specifier.replace(/^node:/, '').split('/')[0]}` };
  }
  const parts = specifier.split('/');
  return { kind: 'package', name: specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]! };
}

/** The folder under src/ that a file belongs to (`src/web/api/client.ts` → web), or null outside src/. */
export function layerOf(file: string): string | null {
  const parts = file.split('/');
  return parts[0] === 'src' && parts.length > 2 ? parts[1]! : null;
}

function describe(ref: ImportRef): string {
  const what = ref.kind === 'dynamic' ? 'import(…)' : ref.kind === 'type-query' ? 'import type(…)' : ref.kind;
  return `${what} '${ref.specifier}'`;
}

function checkRef(ref: ImportRef, layer: string): string | null {
  if (ref.specifier === null) {
    return `${ref.kind === 'require' ? 'require' : 'import'}() of a computed name: the layer rules cannot check it; import a string literal`;
  }
  const target = resolveTarget(ref.file, ref.specifier);
  if (target.kind === 'src' && target.layer === layer) return null;
  if (target.kind === 'src' && ENTRY_LAYERS[target.layer]) {
    const t = target.layer;
    const share = t === 'web' ? '; put shared logic in src/model' : '';
    return `${describe(ref)}: nothing outside src/${t} may import src/${t} (only ${ENTRY_LAYERS[t]} enters it)${share}`;
  }
  const rule = LAYER_RULES[layer];
  if (!rule) return null;
  if (target.kind === 'package') {
    if (rule.packages === 'any') return null;
    if (rule.packages === 'npm') {
      if (!target.name.startsWith('node:')) return null;
      return `${describe(ref)}: src/${layer} runs in the browser and may not import Node built-ins (${target.name})`;
    }
    const entries = rule.packages.filter((p) => p.split('#')[0] === target.name);
    if (entries.length === 0) {
      return `${describe(ref)}: src/${layer} may import only ${listPackages(rule)} (${target.name} is not allowed)`;
    }
    const allowedNames = entries.map((e) => e.split('#')[1]);
    if (allowedNames.includes(undefined)) return null;
    const extra =
      ref.names === null ? ['the whole module'] : ref.names.filter((n) => !allowedNames.includes(n));
    if (extra.length === 0) return null;
    return `${describe(ref)}: src/${layer} may take only ${allowedNames.join(', ')} from ${target.name}, not ${extra.join(', ')}`;
  }
  if (rule.folders === 'any') return null;
  const allowed = rule.folders.some((f) =>
    f.endsWith('.ts')
      ? `src/${f.replace(/\.ts$/, '')}` === target.module
      : target.kind === 'src' && f === target.layer,
  );
  if (allowed) return null;
  const where =
    target.kind === 'src'
      ? `src/${target.layer}`
      : target.module.startsWith('src/')
        ? `${target.module}.ts (a file at the top of src/)`
        : `${target.module} (outside src/)`;
  return `${describe(ref)} reaches ${where}: src/${layer} may import only ${listFolders(layer, rule)}`;
}

function listPackages(rule: LayerRule): string {
  if (rule.packages === 'any' || rule.packages === 'npm') return `any ${rule.packages} package`;
  return rule.packages.map((p) => p.replace('#', ' (') + (p.includes('#') ? ')' : '')).join(', ');
}

function listFolders(layer: string, rule: LayerRule): string {
  const folders = rule.folders === 'any' ? ['any folder'] : rule.folders.map((f) => `src/${f}`);
  return [`src/${layer}`, ...folders].join(', ');
}

/** Every broken layer rule in the given files, sorted by file and line. */
export function checkArchitecture(files: readonly SourceText[]): Violation[] {
  const violations: Violation[] = [];
  for (const source of files) {
    const layer = layerOf(source.file);
    if (layer === null) continue;
    for (const ref of parseImports(source)) {
      const message = checkRef(ref, layer);
      if (message) violations.push({ file: ref.file, line: ref.line, message });
    }
    if (LAYER_RULES[layer]?.noProcessGlobal) {
      for (const line of processGlobalUses(source)) {
        violations.push({
          file: source.file,
          line,
          message: `uses the process global: src/${layer} is pure (no fs, net, child_process or process); pass the value in from the caller`,
        });
      }
    }
  }
  violations.push(...checkContract(files));
  return violations.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

/** Follows the contract's run-time imports (not `import type`): they may reach only CONTRACT.runtime. */
function checkContract(files: readonly SourceText[]): Violation[] {
  const byModule = new Map(files.map((f) => [stripExtension(f.file), f]));
  const contract = files.find((f) => f.file === CONTRACT.file);
  if (!contract) return [];
  const allowed = new Set<string>([CONTRACT.file, ...CONTRACT.runtime]);
  const violations: Violation[] = [];
  const seen = new Set<string>([contract.file]);
  const queue = [contract];
  for (let source = queue.shift(); source; source = queue.shift()) {
    for (const ref of parseImports(source)) {
      if (ref.typeOnly || ref.specifier === null) continue;
      const target = resolveTarget(ref.file, ref.specifier);
      const reached =
        target.kind === 'package' ? target.name : (byModule.get(target.module)?.file ?? target.module);
      if (!allowed.has(reached)) {
        const message =
          `${describe(ref)} loads ${reached} at run time, so the web app would bundle it: ` +
          `the contract may load only ${CONTRACT.runtime.join(', ')}; re-export types with \`export type\``;
        violations.push({ file: ref.file, line: ref.line, message });
        continue;
      }
      const next = byModule.get(target.kind === 'package' ? '' : target.module);
      if (next && !seen.has(next.file)) {
        seen.add(next.file);
        queue.push(next);
      }
    }
  }
  return violations;
}

function stripExtension(file: string): string {
  return file.replace(/\.(m|c)?(j|t)sx?$/, '');
}

export function formatViolations(violations: readonly Violation[]): string {
  return violations.map((v) => `${v.file}:${v.line} ${v.message}`).join('\n');
}
