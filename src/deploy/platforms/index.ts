import type { Platform } from '../../model/project.js';
import type { Deployer } from '../deployer.js';
import { azureDeployer } from './azure.js';
import { cloudRunDeployer } from './cloud-run.js';
import { flyDeployer } from './fly.js';
import { kubernetesDeployer } from './kubernetes.js';
import { localDeployer } from './local.js';
import { railwayDeployer } from './railway.js';
import { renderDeployer } from './render.js';

const DEPLOYERS: Record<Platform, Deployer> = {
  railway: railwayDeployer,
  fly: flyDeployer,
  render: renderDeployer,
  'cloud-run': cloudRunDeployer,
  azure: azureDeployer,
  kubernetes: kubernetesDeployer,
  docker: localDeployer,
};

export function deployerFor(platform: Platform): Deployer {
  return DEPLOYERS[platform];
}
