import { type Expr, ExpressionError } from '../expressions/ast.js';
import { parseExpression } from '../expressions/parser.js';
import { collectReferences } from '../expressions/references.js';
import { parseTemplate } from '../expressions/template.js';
import { ancestorsOf, parentMap } from '../graph.js';
import { joinPath, jsonPath } from '../json-path.js';
import { didYouMean } from '../near-miss.js';
import { type Site, walkConfig } from '../nodes/sites.js';
import type { LoadedWorkflow, Problem, Project } from '../project-files.js';
import type { WorkflowNode } from '../workflow.js';
import { listOf } from './problem.js';

/**
 * Every template and expression in node configs (found by the one config walker) must parse
 * and may only read what can exist when the node runs: its own input, the trigger, nodes
 * upstream of it, and env vars and secrets the project declares. Also checks `secret` fields.
 */
export function configReferencesValid(project: Project, loaded: LoadedWorkflow): Problem[] {
  const problems: Problem[] = [];
  const parents = parentMap(loaded.workflow);
  for (const [key, node] of Object.entries(loaded.workflow.nodes)) {
    problems.push(...checkNode(project, loaded, parents, key, node));
  }
  return problems;
}

function checkNode(
  project: Project,
  loaded: LoadedWorkflow,
  parents: ReadonlyMap<string, readonly string[]>,
  key: string,
  node: WorkflowNode,
): Problem[] {
  const { workflow } = loaded;
  const { envVars, secrets } = project.manifest;
  const walk = walkConfig(node);
  const problems: Problem[] = [];
  const report = (field: string, relativePath: string, message: string) =>
    problems.push({
      file: loaded.file,
      path: joinPath(jsonPath(['nodes', key, 'config']), relativePath),
      message,
      workflowId: workflow.id,
      nodeId: key,
      field,
    });
  const fieldOf = (field: string) => `Field '${field}' of node '${key}' in workflow '${workflow.name}'`;
  let upstream: Set<string> | undefined;

  for (const bad of walk.invalidJson) {
    report(
      bad.field,
      bad.field,
      `${fieldOf(bad.field)} is not valid JSON (line ${bad.line}, column ${bad.column}: ${bad.message}): write a JSON value such as {"id": "{{ input.id }}"}, or leave it empty`,
    );
  }

  for (const site of walk.sites) {
    const where = fieldOf(site.inJsonText ? site.field : site.jsonPath);
    const within = site.inJsonText ? ` (${jsonLocation(site)})` : '';
    const relativePath = site.inJsonText ? site.field : site.jsonPath;
    const parsed = parseSite(site);
    if (parsed instanceof ExpressionError) {
      report(site.field, relativePath, `${where} has an invalid ${site.kind}${within}: ${parsed.message}`);
      continue;
    }
    const refs = mergeReferences(parsed);
    for (const id of refs.nodes) {
      if (!Object.hasOwn(workflow.nodes, id)) {
        const others = Object.keys(workflow.nodes).filter((n) => n !== key);
        const fix =
          others.length === 0
            ? 'this workflow has no other node'
            : `use one of ${listOf(others)}${didYouMean(id, others)}`;
        report(
          site.field,
          relativePath,
          `${where} reads nodes.${id}, but workflow '${workflow.name}' has no node '${id}': ${fix}`,
        );
        continue;
      }
      if (id === key) {
        report(
          site.field,
          relativePath,
          `${where} reads nodes.${id}, its own output, which does not exist while it runs: read input or an upstream node instead`,
        );
        continue;
      }
      upstream ??= ancestorsOf(workflow, key, parents);
      if (!upstream.has(id)) {
        report(
          site.field,
          relativePath,
          `${where} reads nodes.${id}, but '${id}' is not upstream of '${key}', so it can never have run when '${key}' runs: connect '${id}' to '${key}' through edges, or read another node`,
        );
      }
    }
    for (const name of refs.env) {
      if (Object.hasOwn(envVars, name)) continue;
      report(
        site.field,
        relativePath,
        `${where} reads env.${name}, which the project does not declare: add ${name} to envVars in catalyst.json${declared(name, Object.keys(envVars))}`,
      );
    }
    for (const name of refs.secrets) {
      if (Object.hasOwn(secrets, name)) continue;
      report(
        site.field,
        relativePath,
        `${where} reads secrets.${name}, which the project does not declare: add it with 'catalyst secret set ${name}'${declared(name, Object.keys(secrets))}`,
      );
    }
  }

  for (const ref of walk.secrets) {
    if (Object.hasOwn(secrets, ref.name)) continue;
    report(
      ref.field,
      ref.field,
      `${fieldOf(ref.field)} names secret '${ref.name}', which the project does not declare: add it with 'catalyst secret set ${ref.name}'${declared(ref.name, Object.keys(secrets))}`,
    );
  }
  return problems;
}

function parseSite(site: Site): Expr[] | ExpressionError {
  try {
    if (site.kind === 'expression') {
      // An empty condition is the config schema's to report ("Expression is required").
      return site.text.trim() === '' ? [] : [parseExpression(site.text)];
    }
    return parseTemplate(site.text).parts.flatMap((part) => (part.kind === 'expr' ? [part.expr] : []));
  } catch (err) {
    if (err instanceof ExpressionError) return err;
    throw err;
  }
}

/** Names read by a site's expressions, each once, in order of first use. */
function mergeReferences(exprs: Expr[]): { nodes: string[]; env: string[]; secrets: string[] } {
  const nodes = new Set<string>();
  const env = new Set<string>();
  const secrets = new Set<string>();
  for (const expr of exprs) {
    const refs = collectReferences(expr);
    for (const r of refs.nodes) nodes.add(r.id);
    for (const r of refs.env) env.add(r.name);
    for (const r of refs.secrets) secrets.add(r.name);
  }
  return { nodes: [...nodes], env: [...env], secrets: [...secrets] };
}

/** What the project does declare: the near miss when there is one, else the whole list. */
function declared(name: string, names: string[]): string {
  if (names.length === 0) return ' (none are declared yet)';
  return didYouMean(name, names) || ` (declared: ${listOf([...names].sort())})`;
}

/** Where inside a json-template field's JSON the string sits: `in its JSON at user.id`. */
function jsonLocation(site: Site): string {
  const inner = site.jsonPath.slice(site.field.length).replace(/^\./, '');
  return inner === '' ? 'in its JSON text' : `in its JSON at ${inner}`;
}
