import { Trash2, TriangleAlert } from 'lucide-react';
import { nodeDefinition } from '../../model/nodes/registry.js';
import { isFieldInUse } from '../../model/nodes/sites.js';
import { Button, Field, INPUT } from '../components/ui.js';
import { removeElements, setConfigValue, updateNodeData } from './editor-ops.js';
import { useEditor } from './editor-store.js';
import { FieldInput } from './field-input.js';
import { touchKey, useTouched } from './field-touch.js';
import { fieldMessage, nodeMessage } from './field-words.js';
import { problemLine } from './problem-words.js';
import { editorNames } from './problems-panel.js';

function Messages({ messages }: { messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <ul
      className="space-y-1 rounded-md bg-red-50 px-3 py-2 text-xs text-red-700"
      role="alert"
      data-testid="node-problems"
    >
      {messages.map((m) => (
        <li key={m} className="flex gap-1.5">
          <TriangleAlert className="mt-0.5 size-3.5 shrink-0" aria-hidden /> {m}
        </li>
      ))}
    </ul>
  );
}

const unique = (messages: string[]) => [...new Set(messages)];

/** The selected node's settings, generated from its type's config fields, with the model's problems inline. */
export function ConfigPanel({ nodeId }: { nodeId: string }) {
  const node = useEditor((s) => s.nodes.find((n) => n.id === nodeId));
  const problems = useEditor((s) => s.problems);
  const project = useEditor((s) => s.project);
  const workflowId = useEditor((s) => s.base.id);
  const change = useEditor((s) => s.change);
  const touched = useTouched((s) => s.touched);
  const touch = useTouched((s) => s.touch);
  const workflowName = useEditor((s) => s.base.name);
  if (!node || !project) return null;
  const definition = nodeDefinition(node.data.type);
  // A node not saved yet shows a field's problems once the user has touched that field.
  const saved =
    project.workflows.find((w) => w.workflow.id === workflowId)?.workflow.nodes[nodeId] !== undefined;
  const shows = (field: string | undefined) =>
    saved || (field !== undefined && touched.has(touchKey(workflowId, nodeId, field)));
  const who = { id: nodeId, name: node.data.name, type: node.data.type };
  const mine = problems.filter((p) => p.nodeId === nodeId && shows(p.field));
  const shownFields =
    definition?.fields.filter((f) => isFieldInUse(f, definition.fields, node.data.config)) ?? [];
  const fieldErrors = (key: string) =>
    unique(mine.filter((p) => p.field === key).map((p) => fieldMessage(p, who, workflowName)));
  // Problems about the node as a whole, or fields the form does not show (e.g. an unknown key), still reach the user.
  const general = unique(
    mine
      .filter((p) => p.field === undefined || !shownFields.some((f) => f.key === p.field))
      // A cycle reads as the loop of node names (`These steps form a loop: …`), as in the problems panel.
      .map((p) => (p.edgeIds ? problemLine(p, editorNames()).message : nodeMessage(p, who, workflowName))),
  );

  return (
    <div className="space-y-4" data-testid="config-panel" data-node-id={nodeId}>
      <div>
        <p className="text-[11px] font-semibold uppercase tracking-wide text-slate-500">
          {definition?.label ?? node.data.type}
        </p>
        <p className="text-xs text-slate-500">{definition?.description}</p>
      </div>
      <Messages messages={general} />
      <Field label="Name" htmlFor="node-name" hint={<span className="font-mono">id: {nodeId}</span>}>
        <input
          id="node-name"
          className={INPUT}
          value={node.data.name}
          onChange={(e) =>
            change((s) => updateNodeData(s, nodeId, { name: e.target.value }), `name:${nodeId}`)
          }
        />
      </Field>
      {shownFields.map((field) => {
        const errors = fieldErrors(field.key);
        const id = `cfg-${field.key}`;
        return (
          <Field
            key={field.key}
            // A field shown only for some settings (showWhen) is needed when shown.
            label={`${field.label}${field.required || field.showWhen ? '' : ' (optional)'}`}
            htmlFor={id}
            error={errors.length > 0 ? errors.join(' · ') : null}
            hint={
              field.description ??
              (field.kind === 'number' && field.min !== undefined ? `${field.min}–${field.max}` : undefined)
            }
          >
            {/* Leaving any control of the field (focusout bubbles) counts as touching it. */}
            {/* biome-ignore lint/a11y/noStaticElementInteractions: listens for focus leaving the controls inside; not itself interactive */}
            <div onBlur={() => touch(workflowId, nodeId, field.key)}>
              <FieldInput
                id={id}
                field={field}
                value={node.data.config[field.key]}
                invalid={errors.length > 0}
                project={project}
                workflowId={workflowId}
                nodeId={nodeId}
                onTouch={() => touch(workflowId, nodeId, field.key)}
                onChange={(value) => {
                  touch(workflowId, nodeId, field.key);
                  change((s) => setConfigValue(s, nodeId, field.key, value), `cfg:${nodeId}:${field.key}`);
                }}
              />
            </div>
          </Field>
        );
      })}
      <Button tone="danger" size="sm" onClick={() => change((s) => removeElements(s, [nodeId], []))}>
        <Trash2 className="size-3.5" aria-hidden /> Delete node
      </Button>
    </div>
  );
}
