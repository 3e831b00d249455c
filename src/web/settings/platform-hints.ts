import type { Platform } from '../../model/project.js';

/** What the target form suggests for one platform: placeholders in the platform's own terms. */
export interface PlatformHints {
  url: string;
  region: string | null;
  regionLabel: string;
  /** The VM sizes the platform takes by name (Fly's machine names, the common vocabulary). */
  sizes: readonly string[] | null;
  sizeLabel: string;
  /** What `serviceName` names there (Fly: the app in fly.toml), or null when the form hides it. */
  serviceLabel: string | null;
}

/** Fly machine sizes (`[[vm]] size` in fly.toml); the compiler maps the others' CPU/memory from these. */
export const FLY_VM_SIZES = [
  'shared-cpu-1x',
  'shared-cpu-2x',
  'shared-cpu-4x',
  'shared-cpu-8x',
  'performance-1x',
  'performance-2x',
  'performance-4x',
  'performance-8x',
  'performance-16x',
] as const;

export const PLATFORM_HINTS: Record<Platform, PlatformHints> = {
  fly: {
    url: 'https://<app>.fly.dev',
    region: 'iad',
    regionLabel: 'Primary region',
    sizes: FLY_VM_SIZES,
    sizeLabel: 'VM size',
    serviceLabel: 'Fly app name',
  },
  railway: {
    url: 'https://<service>.up.railway.app',
    region: 'us-west2',
    regionLabel: 'Region',
    sizes: FLY_VM_SIZES,
    sizeLabel: 'Instance size',
    serviceLabel: 'Service name',
  },
  render: {
    url: 'https://<service>.onrender.com',
    region: 'oregon',
    regionLabel: 'Region',
    sizes: FLY_VM_SIZES,
    sizeLabel: 'Instance size',
    serviceLabel: 'Service name',
  },
  'cloud-run': {
    url: 'https://<service>-<hash>-<region>.a.run.app',
    region: 'us-central1',
    regionLabel: 'Region',
    sizes: FLY_VM_SIZES,
    sizeLabel: 'Instance size',
    serviceLabel: 'Service name',
  },
  azure: {
    url: 'https://<app>.<environment>.<region>.azurecontainerapps.io',
    region: 'eastus',
    regionLabel: 'Location',
    sizes: FLY_VM_SIZES,
    sizeLabel: 'Instance size',
    serviceLabel: 'Container app name',
  },
  kubernetes: {
    url: 'https://<your-ingress-host>',
    region: null,
    regionLabel: 'Region',
    sizes: FLY_VM_SIZES,
    sizeLabel: 'Instance size',
    serviceLabel: 'Service name',
  },
  docker: {
    url: 'http://localhost:8000',
    region: null,
    regionLabel: 'Region',
    sizes: FLY_VM_SIZES,
    sizeLabel: 'Instance size',
    serviceLabel: null,
  },
};
