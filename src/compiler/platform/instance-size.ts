import type { TargetPlan } from '../types.js';

/**
 * `platformConfig.instanceSize` uses Fly.io's machine names (the DESIGN example is
 * `shared-cpu-1x`) as the common vocabulary; each platform maps the CPU/memory to its own
 * terms. An unknown or absent size means the smallest that runs a FastAPI app comfortably.
 */
export interface InstanceSize {
  name: string;
  cpus: number;
  memoryMb: number;
}

export const INSTANCE_SIZES: readonly InstanceSize[] = [
  { name: 'shared-cpu-1x', cpus: 0.5, memoryMb: 512 },
  { name: 'shared-cpu-2x', cpus: 1, memoryMb: 1024 },
  { name: 'shared-cpu-4x', cpus: 2, memoryMb: 2048 },
  { name: 'shared-cpu-8x', cpus: 4, memoryMb: 4096 },
  { name: 'performance-1x', cpus: 1, memoryMb: 2048 },
  { name: 'performance-2x', cpus: 2, memoryMb: 4096 },
  { name: 'performance-4x', cpus: 4, memoryMb: 8192 },
  { name: 'performance-8x', cpus: 8, memoryMb: 16384 },
  { name: 'performance-16x', cpus: 16, memoryMb: 32768 },
];

const DEFAULT_SIZE = INSTANCE_SIZES[0]!;

export function instanceSize(plan: TargetPlan): InstanceSize {
  const name = plan.target.platformConfig.instanceSize;
  return INSTANCE_SIZES.find((s) => s.name === name) ?? DEFAULT_SIZE;
}

/** Kubernetes-style quantities: `500m`, `512Mi`. */
export function cpuQuantity(cpus: number): string {
  return Number.isInteger(cpus) ? String(cpus) : `${Math.round(cpus * 1000)}m`;
}

export function memoryQuantity(memoryMb: number): string {
  return memoryMb % 1024 === 0 ? `${memoryMb / 1024}Gi` : `${memoryMb}Mi`;
}
