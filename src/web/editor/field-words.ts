import type { ConfigField } from '../../model/nodes/definition.js';
import { nodeDefinition } from '../../model/nodes/registry.js';
import type { Problem } from '../../model/project-files.js';

/**
 * The model's problems say where they are for a file (`Field 'fields.user' of node
 * 'transform_1' in workflow 'main'`, `targetWorkflowId`). Beside a form the user knows the
 * field by its label and the node by its name: this rewrites a problem into those words
 * (through the node registry's fields), keeping what is wrong and what to do.
 */

export interface NodeLike {
  id: string;
  name: string;
  type: string;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `$.nodes.<id>.config.fields.user` → ['user'] for the field `fields`: where inside the field. */
function subPath(problem: Problem, nodeId: string, field: string): string[] {
  const prefix = `$.nodes.${nodeId}.config.${field}`;
  if (!problem.path.startsWith(prefix)) return [];
  return problem.path
    .slice(prefix.length)
    .split(/[.[\]]/)
    .map((s) => s.replace(/^"|"$/g, ''))
    .filter((s) => s !== '');
}

/** The field's label as the form shows it, with the part inside it (`Fields › user`). */
export function fieldLabel(problem: Problem, node: NodeLike): string | null {
  if (problem.field === undefined) return null;
  const field = nodeDefinition(node.type)?.fields.find((f) => f.key === problem.field);
  if (!field) return null;
  return [field.label, ...subPath(problem, node.id, field.key)].join(' › ');
}

/** What a missing required field asks of the user, by the kind of control it is. */
function requiredWords(field: ConfigField, rest: string): string {
  const choices = /use one of (.+)$/.exec(rest)?.[1];
  switch (field.kind) {
    case 'workflow':
      return 'choose the workflow to call';
    case 'secret':
      return 'choose a secret';
    case 'select':
      return choices ? `choose one of ${choices}` : 'choose one';
    case 'template-map':
      return 'add at least one field';
    case 'template-list':
      return 'add a parameter';
    default:
      return 'fill it in';
  }
}

/** The problem's message in the user's words, for under its field (`Workflow: choose the workflow to call`). */
export function fieldMessage(problem: Problem, node: NodeLike, workflowName: string): string {
  const definition = nodeDefinition(node.type);
  const field = definition?.fields.find((f) => f.key === problem.field);
  const where = `(?:node|Node) '${escapeRegExp(node.id)}' in workflow '${escapeRegExp(workflowName)}'`;
  let rest = problem.message
    .replace(new RegExp(`^Field '[^']*' of ${where} (?:has an? )?`), '')
    .replace(new RegExp(`^${where}:? `), '');
  if (field) {
    if (/^Missing required field '/.test(rest) || rest === `A local call needs ${field.key}`) {
      rest = requiredWords(field, rest);
    }
    // Other keys of this node's config, as the form labels them (only identifiers like
    // targetWorkflowId: plain words such as "input" mean something else in a message).
    for (const other of (definition?.fields ?? []).filter((f) => /[A-Z]/.test(f.key))) {
      rest = rest.replace(new RegExp(`\\b${escapeRegExp(other.key)}\\b`, 'g'), other.label);
    }
  }
  const label = fieldLabel(problem, node);
  if (label === null) return `${node.name}: ${rest}`;
  // "Timeout must be at most 300 s" already starts with the label.
  const bare = label.replace(/\s*\(.*\)$/, '').toLowerCase(); // "Timeout (s)" → "timeout"
  return rest.toLowerCase().startsWith(`${bare} `) ? rest : `${label}: ${rest}`;
}

/** A node problem away from its field (the panel's top, the workflow list): named by the node's name. */
export function nodeMessage(problem: Problem, node: NodeLike, workflowName: string): string {
  const words = fieldMessage(problem, node, workflowName);
  return words.startsWith(`${node.name}: `) ? words : `${node.name} › ${words}`;
}
