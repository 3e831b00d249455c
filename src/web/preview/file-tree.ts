export interface TreeNode {
  name: string;
  /** Full path for files; the folder's path for folders. */
  path: string;
  children: TreeNode[] | null;
}

/** Flat `a/b/c.py` paths → a tree with folders first, then files, each alphabetical. */
export function buildTree(paths: string[]): TreeNode[] {
  const root: TreeNode = { name: '', path: '', children: [] };
  for (const path of paths) {
    const parts = path.split('/');
    let node = root;
    parts.forEach((part, i) => {
      const isFile = i === parts.length - 1;
      const at = parts.slice(0, i + 1).join('/');
      let child = node.children!.find((c) => c.name === part && (c.children === null) === isFile);
      if (!child) {
        child = { name: part, path: at, children: isFile ? null : [] };
        node.children!.push(child);
      }
      node = child;
    });
  }
  const sort = (nodes: TreeNode[]): TreeNode[] =>
    nodes
      .sort(
        (a, b) =>
          (a.children === null ? 1 : 0) - (b.children === null ? 1 : 0) || a.name.localeCompare(b.name),
      )
      .map((n) => (n.children ? { ...n, children: sort(n.children) } : n));
  return sort(root.children!);
}

/** The file to show first: main.py when there is one, else the first file. */
export function defaultFile(paths: string[]): string | null {
  return paths.includes('main.py') ? 'main.py' : (paths[0] ?? null);
}
