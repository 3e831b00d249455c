import { Sparkles } from 'lucide-react';
import { useState } from 'react';
import { Button } from '../components/ui.js';
import { useEditor } from '../editor/editor-store.js';
import { DescribeBox, useMySession } from './describe-box.js';
import { DraftReview } from './draft-review.js';

/** The editor's "Describe a change": a box under the toolbar button, drafting a change to the open workflow. */
export function DescribeChangeButton({ projectId, workflowId }: { projectId: string; workflowId: string }) {
  const [open, setOpen] = useState(false);
  const project = useEditor((s) => s.project);
  const dirty = useEditor((s) => s.dirty);
  const session = useMySession(projectId, workflowId);
  const editing = project?.workflows.find((w) => w.workflow.id === workflowId)?.workflow;
  if (!project || !editing) return null;
  const targets = Object.entries(project.manifest.deploymentTargets).map(([id, t]) => ({ id, name: t.name }));
  return (
    <div className="relative">
      <Button
        size="sm"
        onClick={() => setOpen(!open)}
        disabled={dirty && session === null}
        title={
          dirty
            ? 'Save first: a drafted change builds on the saved file'
            : 'Describe a change and let an LLM draft it'
        }
        aria-expanded={open}
        data-testid="describe-change"
      >
        <Sparkles className="size-3.5 text-indigo-500" aria-hidden /> Describe a change
      </Button>
      {open && (
        <div className="absolute top-full right-0 z-30 mt-1 w-[28rem] max-w-[calc(100vw-2rem)] rounded-lg border border-slate-200 bg-white p-3 shadow-lg">
          <DescribeBox
            projectId={projectId}
            targets={targets}
            editing={{ id: editing.id, name: editing.name, deploymentTargetId: editing.deploymentTargetId }}
          />
        </div>
      )}
      <DraftReview projectId={projectId} workflowId={workflowId} />
    </div>
  );
}
