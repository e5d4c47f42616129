// Names of cycle classes and groups, shared by the text and DOT reporters.
import type { CycleClass, CycleGroup } from '../analysis/cycles.js';
import { count } from './why-path.js';

export const CLASS_TEXT: Record<CycleClass, string> = {
  uncollectable: 'uncollectable',
  'garbage-finalizers': 'garbage with finalizers',
  garbage: 'garbage',
  live: 'live',
};

export function groupTitle(k: number, gr: CycleGroup): string {
  return `#${k + 1} ${CLASS_TEXT[gr.class]} ×${count(gr.count)}`;
}

