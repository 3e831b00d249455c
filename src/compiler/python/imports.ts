import type { Emitter } from './emitter.js';

/** Packages of the app itself; everything else is the standard library or a dependency. */
const LOCAL = new Set(['runtime', 'workflows', 'shared', 'main']);
const THIRD_PARTY = new Set(['fastapi', 'starlette', 'httpx', 'pytest', 'uvicorn']);
const MAX_LINE = 100;

/**
 * What a generated module imports, collected while its code is written, so imports follow
 * from what the code references. Written in three sorted groups: standard library,
 * dependencies, the app's own packages.
 */
export class Imports {
  private readonly fromImports = new Map<string, Set<string>>();
  private readonly plain = new Set<string>();

  /** Records `from <module> import <name>` and returns `name` for use in code. */
  from(module: string, name: string): string {
    let names = this.fromImports.get(module);
    if (names === undefined) {
      names = new Set();
      this.fromImports.set(module, names);
    }
    names.add(name);
    return name;
  }

  /** A runtime helper (`from runtime import rt_get`). */
  runtime(name: string): string {
    return this.from('runtime', name);
  }

  module(name: string): string {
    this.plain.add(name);
    return name;
  }

  emit(out: Emitter): void {
    const modules = [...new Set([...this.plain, ...this.fromImports.keys()])];
    const groups = [
      modules.filter((m) => !LOCAL.has(root(m)) && !THIRD_PARTY.has(root(m))),
      modules.filter((m) => THIRD_PARTY.has(root(m))),
      modules.filter((m) => LOCAL.has(root(m))),
    ];
    for (const group of groups) {
      if (group.length === 0) continue;
      out.blank();
      const plain = group.filter((m) => this.plain.has(m)).sort();
      for (const m of plain) out.line(`import ${m}`);
      for (const m of group.filter((m) => this.fromImports.has(m)).sort()) {
        const names = [...this.fromImports.get(m)!].sort();
        const single = `from ${m} import ${names.join(', ')}`;
        if (single.length <= MAX_LINE) {
          out.line(single);
          continue;
        }
        out.line(`from ${m} import (`);
        out.indent(() => {
          for (const name of names) out.line(`${name},`);
        });
        out.line(')');
      }
    }
  }
}

function root(module: string): string {
  return module.split('.')[0]!;
}
