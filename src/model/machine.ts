// The frame machine: deallocation, __del__, weakref callbacks and tp_clear as
// resumable frames on an explicit stack. CPython runs these as nested C calls
// (a decref inside a dealloc deallocates the child before the parent goes on);
// the machine keeps exactly that depth-first order without using the JS stack.
import type { Runtime } from './runtime.js';
import { deallocStep, clearStep, type Frame } from './dealloc.js';
import { delStep, tpDelStep, weakrefClearStep, callbackStep, finalizeCallStep } from './calls.js';

export const enum FrameKind {
  Dealloc = 1,
  /** __del__ (tp_finalize) of a Python class. */
  Del,
  /** legacy tp_del. */
  TpDel,
  /** PyObject_ClearWeakRefs of a dying object. */
  WeakrefClear,
  /** One weakref callback call. */
  Callback,
  /** weakref.finalize.__call__ */
  FinalizeCall,
  /** tp_clear from delete_garbage. */
  Clear,
}

export class Machine {
  private frames: Frame[] = [];

  constructor(private rt: Runtime) {}

  get depth(): number {
    return this.frames.length;
  }

  /** Finished frames, reused: deallocation pushes one per object. */
  private pool: Frame[] = [];

  push(kind: FrameKind, obj: number, extra?: number[]): void {
    const f = this.pool.pop();
    if (f) {
      f.kind = kind; f.obj = obj; f.phase = 0; f.idx = 0; f.extra = extra;
      (f as { cb?: unknown; cbs?: unknown }).cb = undefined;
      (f as { cb?: unknown; cbs?: unknown }).cbs = undefined;
      this.frames.push(f);
    } else {
      this.frames.push({ kind, obj, phase: 0, idx: 0, extra });
    }
  }

  /** What the Python frames among these hold (__del__'s self, a callback's weakref, ...). */
  pythonRoots(): number[] {
    const out: number[] = [];
    for (const f of this.frames) {
      if (f.kind === FrameKind.Del || f.kind === FrameKind.TpDel || f.kind === FrameKind.Callback) out.push(f.obj);
      else if (f.kind === FrameKind.FinalizeCall) {
        out.push(f.obj);
        if (f.phase >= 1 && f.extra) out.push(f.extra[0]);
      }
    }
    return out;
  }

  top(): Frame {
    return this.frames[this.frames.length - 1];
  }

  pushDealloc(o: number): void {
    this.push(FrameKind.Dealloc, o);
  }

  /**
   * Frames at or below this depth belong to steps still executing: code they call
   * (a collection, say) may drain the machine, but only what it pushed itself.
   */
  private floor = 0;

  /** Run frames until the stack is back to `base` frames. */
  run(base: number): void {
    const frames = this.frames;
    const outerFloor = this.floor;
    while (frames.length > base) {
      const top = frames.length - 1;
      // A step either finishes its frame (true) or leaves it to be resumed after
      // whatever it pushed, as a C function resumes after a nested call returns.
      const f = frames[top];
      this.floor = frames.length;
      const done = f.kind === FrameKind.Dealloc ? deallocStep(this.rt, f) : this.step(f);
      this.floor = outerFloor;
      if (done) {
        if (frames.length === top + 1) frames.pop();
        else frames.splice(top, 1);
        if (this.pool.length < 1024) this.pool.push(f);
      }
    }
  }

  /** Run everything pushed since the innermost running step began (all of it at top level). */
  runAll(): void {
    this.run(this.floor);
  }

  /** Push a frame and run it (and all it causes) to completion. */
  call(kind: FrameKind, obj: number, extra?: number[]): void {
    const base = this.frames.length;
    this.push(kind, obj, extra);
    this.run(base);
  }

  /** One step of frame f; true when f is finished. */
  private step(f: Frame): boolean {
    const rt = this.rt;
    switch (f.kind) {
      case FrameKind.Dealloc: return deallocStep(rt, f);
      case FrameKind.Del: return delStep(rt, f);
      case FrameKind.TpDel: return tpDelStep(rt, f);
      case FrameKind.WeakrefClear: return weakrefClearStep(rt, f);
      case FrameKind.Callback: return callbackStep(rt, f);
      case FrameKind.FinalizeCall: return finalizeCallStep(rt, f);
      case FrameKind.Clear: return clearStep(rt, f);
    }
    throw new Error(`unknown frame kind ${f.kind}`);
  }
}
