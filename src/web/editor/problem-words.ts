import type { Problem } from '../../model/project-files.js';
import { fieldLabel, fieldMessage, type NodeLike } from './field-words.js';

/** What the studio needs of a workflow to name a problem's node: its name and its nodes' names and types. */
export interface WorkflowNames {
  name: string;
  nodes: Record<string, { name: string; type: string }>;
}

/** One problem as a line of a problems list: where (file, node, field) and what, in the user's words. */
export interface ProblemLine {
  file: string;
  workflowId: string | null;
  nodeId: string | null;
  /** The node's name as the canvas shows it (null: the problem is not about one node). */
  node: string | null;
  /** The field's label as the inspector shows it (`Fields › user`). */
  field: string | null;
  /** The config key of that field, to focus it in the inspector. */
  fieldKey: string | null;
  message: string;
  edgeIds: string[];
}

const CYCLE = /^Workflow '[^']*' has a cycle: (.+?)\. (.*)$/;

/**
 * A problem in the words of the studio (node names and field labels, not ids and config paths),
 * for the problems panel, the save toast, deploy, generated code and the project page. The raw
 * message stays on the problem for the CLI.
 */
export function problemLine(problem: Problem, workflow: WorkflowNames | undefined): ProblemLine {
  const line: ProblemLine = {
    file: problem.file,
    workflowId: problem.workflowId ?? null,
    nodeId: problem.nodeId ?? null,
    node: null,
    field: null,
    fieldKey: problem.field ?? null,
    message: problem.message,
    edgeIds: problem.edgeIds ?? [],
  };
  if (!workflow) return line;
  const cycle = CYCLE.exec(problem.message);
  if (cycle) {
    const names = cycle[1]!.split(' → ').map((id) => workflow.nodes[id]?.name ?? id);
    return { ...line, node: null, message: `These steps form a loop: ${names.join(' → ')}. ${cycle[2]}` };
  }
  const found = problem.nodeId !== undefined ? workflow.nodes[problem.nodeId] : undefined;
  if (!found || problem.nodeId === undefined) return line;
  const node: NodeLike = { id: problem.nodeId, name: found.name, type: found.type };
  const label = fieldLabel(problem, node);
  let message = fieldMessage(problem, node, workflow.name);
  for (const prefix of [label, node.name]) {
    if (prefix && message.startsWith(`${prefix}: `)) {
      message = message.slice(prefix.length + 2);
      break;
    }
  }
  return { ...line, node: node.name, field: label, message: capitalize(message) };
}

const capitalize = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/** The line as one sentence (`Check › Expression: Fill it in`), for a toast or a title. */
export function problemSentence(line: ProblemLine): string {
  const where = [line.node, line.field].filter((s) => s !== null).join(' › ');
  return where ? `${where}: ${line.message}` : line.message;
}
