import { describe, expect, it } from 'vitest';
import {
  identifierOf,
  keywordSafe,
  NameResolver,
  nodeFunctionBase,
  PYTHON_KEYWORDS,
  workflowModuleBase,
} from '../../../src/compiler/python/names.js';
import { buildProject } from '../../fixtures/build-project.js';
import { generate, removeDir, runPython, writeApp } from './support.js';

describe('naming policy', () => {
  it('knows every keyword of the Python that runs the apps', () => {
    const result = runPython(
      ['-c', 'import json, keyword; print(json.dumps(keyword.kwlist + keyword.softkwlist))'],
      '.',
    );
    const pythonKeywords: string[] = JSON.parse(result.stdout);
    expect(pythonKeywords.filter((k) => !PYTHON_KEYWORDS.includes(k))).toEqual([]);
  });

  it('gives keywords and names the app needs a _ suffix', () => {
    expect(PYTHON_KEYWORDS.map((k) => keywordSafe(k)).every((n) => n.endsWith('_'))).toBe(true);
    expect(workflowModuleBase('class')).toBe('class_');
    expect(workflowModuleBase('Runtime')).toBe('runtime_');
    expect(workflowModuleBase('main')).toBe('main_');
    expect(workflowModuleBase('Extract Data')).toBe('extract_data');
    expect(workflowModuleBase('3D Render')).toBe('_3d_render');
    expect(workflowModuleBase('!!!')).toBe('workflow');
  });

  it('makes any node id a function name', () => {
    expect(nodeFunctionBase('fetch-user')).toBe('node_fetch_user');
    expect(nodeFunctionBase('class')).toBe('node_class');
    expect(identifierOf('9lives')).toBe('_9lives');
  });

  it('resolves collisions with _2, _3 in the order names are claimed', () => {
    const names = new NameResolver(['taken']);
    expect(['foo_bar', 'foo_bar', 'taken', 'foo_bar', 'foo_bar_2'].map((n) => names.claim(n))).toEqual([
      'foo_bar',
      'foo_bar_2',
      'taken_2',
      'foo_bar_3',
      'foo_bar_2_2',
    ]);
  });
});

describe('every Python keyword as a workflow name, node id and field name', () => {
  it('generates an app that imports and runs each workflow', () => {
    const words = [...PYTHON_KEYWORDS].filter((k) => k !== '_');
    const project = buildProject(
      { name: 'keywords' },
      words.map((word, i) => ({
        id: `wf_${i}`,
        name: word,
        visibility: i % 2 === 0 ? ('public' as const) : ('internal' as const),
        nodes: [
          { id: word, type: 'transform', name: word, config: { fields: { [word]: `{{ input.${word} }}` } } },
        ],
      })),
    );
    const dir = writeApp(generate(project));
    try {
      const script = [
        'import asyncio, importlib, json, pathlib',
        'async def main():',
        '    out = {}',
        '    for path in sorted(pathlib.Path("workflows").glob("*.py")):',
        '        if path.stem == "__init__":',
        '            continue',
        '        module = importlib.import_module("workflows." + path.stem)',
        '        name = module.WORKFLOW.name',
        '        out[name] = [path.stem, await getattr(module, "execute_" + path.stem)({name: name.upper()})]',
        '    print(json.dumps(out))',
        'asyncio.run(main())',
      ].join('\n');
      const result = runPython(['-c', script], dir);
      expect(result.stderr).toBe('');
      const out = JSON.parse(result.stdout);
      for (const word of words) expect(out[word][1]).toEqual({ [word]: word.toUpperCase() });
      expect(out['class'][0]).toBe('class_');
      expect(out['False'][0]).toBe('false');
      expect(out['match'][0]).toBe('match_');
    } finally {
      removeDir(dir);
    }
  });
});
