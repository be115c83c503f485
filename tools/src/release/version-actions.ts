import { joinPathFragments, updateJson, type ProjectGraph, type Tree } from '@nx/devkit';
import { VersionActions } from 'nx/release';

const COLLECTIONS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

/**
 * `nx release version` for npm packages without @nx/js (not published for Nx 24): reads and
 * writes `package.json`, never asks a registry (the machines are offline), and moves workspace
 * dependents along, keeping their range prefix (`^0.1.0` → `^0.2.0`).
 */
export class ZooVersionActions extends VersionActions {
  validManifestFilenames = ['package.json'];

  private manifestPath(): string {
    return joinPathFragments(this.projectGraphNode.data.root, 'package.json');
  }

  async readCurrentVersionFromSourceManifest(tree: Tree) {
    const manifestPath = this.manifestPath();
    if (!tree.exists(manifestPath)) return null;
    return { currentVersion: JSON.parse(tree.read(manifestPath, 'utf-8')!).version as string, manifestPath };
  }

  async readCurrentVersionFromRegistry() {
    return null;
  }

  async readCurrentVersionOfDependency(tree: Tree, projectGraph: ProjectGraph, dependencyProjectName: string) {
    const pkg = JSON.parse(tree.read(this.manifestPath(), 'utf-8')!);
    const depName = packageName(projectGraph, dependencyProjectName);
    for (const c of COLLECTIONS) {
      if (pkg[c]?.[depName]) return { currentVersion: pkg[c][depName] as string, dependencyCollection: c as string };
    }
    return { currentVersion: null, dependencyCollection: null };
  }

  async updateProjectVersion(tree: Tree, newVersion: string) {
    const p = this.manifestPath();
    updateJson(tree, p, (pkg) => ({ ...pkg, version: newVersion }));
    return [`New version ${newVersion} written to ${p}`];
  }

  async updateProjectDependencies(tree: Tree, projectGraph: ProjectGraph, dependenciesToUpdate: Record<string, string>) {
    const p = this.manifestPath();
    const logs: string[] = [];
    updateJson(tree, p, (pkg) => {
      for (const [project, version] of Object.entries(dependenciesToUpdate)) {
        const name = packageName(projectGraph, project);
        for (const c of COLLECTIONS) {
          const cur: string | undefined = pkg[c]?.[name];
          if (cur === undefined) continue;
          const prefix = /^[\^~]/.test(cur) ? cur[0] : '';
          pkg[c][name] = `${prefix}${version}`;
          logs.push(`${name} → ${pkg[c][name]} in ${c} of ${p}`);
        }
      }
      return pkg;
    });
    return logs;
  }
}

function packageName(graph: ProjectGraph, project: string): string {
  const node = graph.nodes[project] as { data?: { metadata?: { js?: { packageName?: string } } } } | undefined;
  return node?.data?.metadata?.js?.packageName ?? project;
}

export default ZooVersionActions;
