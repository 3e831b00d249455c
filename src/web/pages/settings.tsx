import { Braces, FileCog, KeyRound, Server, SlidersHorizontal, Variable } from 'lucide-react';
import { routeHref, type SettingsSection } from '../router.js';
import { EnvSection } from '../settings/env-section.js';
import { GeneralSection } from '../settings/general-section.js';
import { RemoveProjectCard } from '../settings/remove-project.js';
import { SecretsSection } from '../settings/secrets-section.js';
import { SharedFunctionsSection } from '../settings/shared-functions-section.js';
import { TargetsSection } from '../settings/targets-section.js';
import { WorkflowsSection } from '../settings/workflows-section.js';
import { ProjectFrame } from './project-frame.js';

const SECTIONS: Array<{ id: SettingsSection; label: string; Icon: typeof Server }> = [
  { id: 'general', label: 'General', Icon: SlidersHorizontal },
  { id: 'targets', label: 'Deployment targets', Icon: Server },
  { id: 'workflows', label: 'Workflows', Icon: FileCog },
  { id: 'secrets', label: 'Secrets', Icon: KeyRound },
  { id: 'env', label: 'Environment variables', Icon: Variable },
  { id: 'functions', label: 'Shared functions', Icon: Braces },
];

export function SettingsPage({ projectId, section }: { projectId: string; section: SettingsSection }) {
  return (
    <ProjectFrame projectId={projectId} crumb="Settings">
      {(project) => (
        <div className="grid grid-cols-[14rem_1fr] gap-6">
          <nav className="space-y-0.5" aria-label="Settings sections">
            <h1 className="mb-3 text-lg font-semibold">Settings</h1>
            {SECTIONS.map(({ id, label, Icon }) => (
              <a
                key={id}
                href={routeHref({ page: 'settings', projectId, section: id })}
                aria-current={id === section ? 'page' : undefined}
                className={`flex items-center gap-2 rounded-md px-3 py-2 text-sm ${id === section ? 'bg-indigo-50 font-medium text-indigo-700' : 'text-slate-600 hover:bg-slate-100'}`}
              >
                <Icon className="size-4" aria-hidden /> {label}
              </a>
            ))}
          </nav>
          <div className="min-w-0">
            {section === 'general' && <GeneralSection project={project} />}
            {section === 'general' && <RemoveProjectCard project={project} />}
            {section === 'targets' && <TargetsSection project={project} />}
            {section === 'workflows' && <WorkflowsSection project={project} />}
            {section === 'secrets' && <SecretsSection project={project} />}
            {section === 'env' && <EnvSection project={project} />}
            {section === 'functions' && <SharedFunctionsSection project={project} />}
          </div>
        </div>
      )}
    </ProjectFrame>
  );
}
