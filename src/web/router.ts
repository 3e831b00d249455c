/** The studio's pages, addressed by the URL hash so the server needs no route table. */
export type Route =
  | { page: 'dashboard' }
  | { page: 'project'; projectId: string }
  | { page: 'settings'; projectId: string; section: SettingsSection }
  | { page: 'code'; projectId: string; targetId: string | null }
  | {
      page: 'editor';
      projectId: string;
      workflowId: string;
      /** Opened on a problem: the node to select and the config field to focus (`?node=…&field=…`). */
      node?: string;
      field?: string;
    };

export const SETTINGS_SECTIONS = ['general', 'targets', 'workflows', 'secrets', 'env', 'functions'] as const;
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];

function isSection(value: string | undefined): value is SettingsSection {
  return (SETTINGS_SECTIONS as readonly string[]).includes(value ?? '');
}

export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.split('?', 2);
  const query = new URLSearchParams(search);
  const parts = path
    .replace(/^#\/?/, '')
    .split('/')
    .filter((p) => p !== '')
    .map(decodeURIComponent);
  if (parts[0] === 'projects' && parts[1]) {
    const projectId = parts[1];
    if (parts[2] === 'settings') {
      return { page: 'settings', projectId, section: isSection(parts[3]) ? parts[3] : 'general' };
    }
    if (parts[2] === 'workflows' && parts[3]) {
      const node = query.get('node');
      const field = query.get('field');
      return {
        page: 'editor',
        projectId,
        workflowId: parts[3],
        ...(node ? { node } : {}),
        ...(node && field ? { field } : {}),
      };
    }
    if (parts[2] === 'code') return { page: 'code', projectId, targetId: parts[3] ?? null };
    return { page: 'project', projectId };
  }
  return { page: 'dashboard' };
}

export function routeHref(route: Route): string {
  const id = (s: string) => encodeURIComponent(s);
  switch (route.page) {
    case 'dashboard':
      return '#/';
    case 'project':
      return `#/projects/${id(route.projectId)}`;
    case 'settings':
      return `#/projects/${id(route.projectId)}/settings/${route.section}`;
    case 'code':
      return `#/projects/${id(route.projectId)}/code${route.targetId ? `/${id(route.targetId)}` : ''}`;
    case 'editor': {
      const query = new URLSearchParams();
      if (route.node) query.set('node', route.node);
      if (route.node && route.field) query.set('field', route.field);
      const search = query.toString() ? `?${query}` : '';
      return `#/projects/${id(route.projectId)}/workflows/${id(route.workflowId)}${search}`;
    }
  }
}
