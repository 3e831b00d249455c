import { Rocket } from 'lucide-react';
import type { ProjectDetail } from '../api/types.js';
import { Button, Card } from '../components/ui.js';
import { DeployDialog } from './deploy-dialog.js';
import { useDeploys } from './deploy-store.js';
import { DeploymentHistory } from './deployment-history.js';
import { TargetRuntime } from './target-runtime.js';

/**
 * The deploy parts of the project detail view. They share one dialog: the Deploy button
 * opens it on the target picker, a rollback, stop or restart opens it on that run's log.
 */
export function DeployButton({ project }: { project: ProjectDetail }) {
  const dialog = useDeploys((s) => s.dialog);
  const open = useDeploys((s) => s.openDialog);
  const close = useDeploys((s) => s.closeDialog);
  return (
    <>
      <Button tone="primary" onClick={() => open(project.id)}>
        <Rocket className="size-4" aria-hidden /> Deploy
      </Button>
      {dialog?.projectId === project.id && (
        // Keyed by run, so the picker and each run's log start fresh.
        <DeployDialog key={dialog.runId ?? 'pick'} project={project} runId={dialog.runId} onClose={close} />
      )}
    </>
  );
}

export function DeploymentHistoryCard({ project }: { project: ProjectDetail }) {
  const open = useDeploys((s) => s.openDialog);
  return (
    <Card title={`Deployment history (${project.deployments.length})`}>
      <DeploymentHistory project={project} onRun={(runId) => open(project.id, runId)} />
    </Card>
  );
}

export function TargetRuntimeCard({ project }: { project: ProjectDetail }) {
  const open = useDeploys((s) => s.openDialog);
  return <TargetRuntime project={project} onRun={(runId) => open(project.id, runId)} />;
}
