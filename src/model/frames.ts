// Up to 3.10 a Python call runs in a frame object, a GC allocation (3.11 made
// frames part of the thread's data stack). Objects/frameobject.c keeps one
// spare ("zombie") frame per code object and a freelist of 200 others: only a
// call that finds neither counts, and only a frame that finds both full is
// freed for real. Frames of running calls are not tracked, so they only move
// the gen-0 count. The model's Python calls that need one: each class's __del__.
import type { Runtime } from './runtime.js';

/** PyFrame_MAXFREELIST (3.8-3.10). */
const FRAME_FREELIST = 200;

/** What CPython keeps per code object: whether it holds a spare frame. */
export interface Code {
  spareFrame: boolean;
}

/** frame_alloc (_PyFrame_New_NoTrack in 3.8): zombie frame, else the freelist, else PyObject_GC_NewVar. */
export function frameAlloc(rt: Runtime, code: Code): void {
  if (!rt.profile.frameObjects) return;
  if (code.spareFrame) {
    code.spareFrame = false;
  } else if (rt.gc.freeFrames > 0) {
    rt.gc.freeFrames--;
  } else {
    rt.gcLink();
  }
}

/** frame_dealloc: become the code's zombie, else join the freelist, else PyObject_GC_Del. */
export function frameDealloc(rt: Runtime, code: Code): void {
  if (!rt.profile.frameObjects) return;
  if (!code.spareFrame) {
    code.spareFrame = true;
  } else if (rt.gc.freeFrames < FRAME_FREELIST) {
    rt.gc.freeFrames++;
  } else {
    rt.gcDel();
  }
}
