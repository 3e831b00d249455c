import { Rocket } from 'lucide-react';
import { useState } from 'react';
import { unwrap } from '../api/client.js';
import { api } from '../api/instance.js';
import type { ProjectDetail } from '../api/types.js';
import { LINK_BUTTON } from '../components/ui.js';
import { useToasts } from '../stores/toast-store.js';
import { DeployDialog } from './deploy-dialog.js';
import { useDeploys } from './deploy-store.js';

/**
 * A dashboard card's Deploy button: loads the project's detail (its targets and their run
 * state), then opens the same deploy dialog the project page uses, on its target picker.
 */
export function CardDeployButton({ projectId, projectName }: { projectId: string; projectName: string }) {
  const dialog = useDeploys((s) => s.dialog);
  const open = useDeploys((s) => s.openDialog);
  const close = useDeploys((s) => s.closeDialog);
  const [project, setProject] = useState<ProjectDetail | null>(null);
  const [loading, setLoading] = useState(false);

  async function start() {
    setLoading(true);
    try {
      const { project: detail } = await unwrap(api.projects[':projectId'].$get({ param: { projectId } }));
      setProject(detail);
      open(projectId);
    } catch (error) {
      useToasts.getState().show(`Could not open ${projectName}: ${(error as Error).message}`, 'error');
    } finally {
      setLoading(false);
    }
  }

  return (
    <>
      <button
        type="button"
        onClick={() => void start()}
        disabled={loading}
        aria-label={`Deploy ${projectName}`}
        className={`${LINK_BUTTON} text-indigo-700 hover:bg-indigo-50 disabled:opacity-50`}
      >
        <Rocket className="size-3.5" aria-hidden /> Deploy
      </button>
      {project && dialog?.projectId === projectId && (
        <DeployDialog key={dialog.runId ?? 'pick'} project={project} runId={dialog.runId} onClose={close} />
      )}
    </>
  );
}
