import { readFileSync, writeFileSync } from "node:fs";

/**
 * Memory of a server process as the kernel and V8 see it, for the bench and the soak.
 * `/proc/<pid>/status` gives the resident set (VmRSS) and its peak since the process started or
 * since the last `resetPeak` (VmHWM); the app's `/metrics` (loopback) gives V8's view: the heap
 * V8 has reserved, what is in use, the young generation, and memory outside the heap (Buffers).
 */

export interface ProcMemory {
  rssMb: number;
  peakMb: number;
}

const mb = (kb: number) => Math.round(kb / 102.4) / 10;

/** VmRSS and VmHWM of a process, in MB; null once it has exited. */
export function procMemory(pid: number): ProcMemory | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
    return { rssMb: mb(field("VmRSS")), peakMb: mb(field("VmHWM")) };
  } catch {
    return null;
  }
}

/** Resets VmHWM to the current RSS (`clear_refs` 5), so the next peak is one stretch's own; false when refused. */
export function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

export interface V8Memory {
  /** Heap V8 has reserved (all spaces), MB. */
  heapTotalMb: number;
  heapUsedMb: number;
  /** The young generation's reserved size (`new` space), MB. */
  newSpaceMb: number;
  /** Memory held outside the heap by Buffers and ArrayBuffers, MB. */
  externalMb: number;
}

/** V8's figures from the app's `/metrics` (prom-client's default metrics); null when it does not answer. */
export async function v8Memory(origin: string): Promise<V8Memory | null> {
  try {
    const text = await (await fetch(`${origin}/metrics`)).text();
    const value = (line: string) => {
      const found = text.split("\n").find((l) => l.startsWith(`${line} `));
      return found ? Math.round(Number(found.slice(line.length + 1)) / 1024 / 102.4) / 10 : Number.NaN;
    };
    return {
      heapTotalMb: value("nodejs_heap_size_total_bytes"),
      heapUsedMb: value("nodejs_heap_size_used_bytes"),
      newSpaceMb: value('nodejs_heap_space_size_total_bytes{space="new"}'),
      externalMb: value("nodejs_external_memory_bytes"),
    };
  } catch {
    return null;
  }
}

/** Samples VmRSS every `intervalMs`; `stop()` gives the highest RSS seen and the kernel's peak (VmHWM). */
export function sampleRss(pid: number, intervalMs = 250): { stop: () => { maxRssMb: number; peakMb: number; samples: number } } {
  let maxRssMb = 0;
  let samples = 0;
  const tick = () => {
    const memory = procMemory(pid);
    if (!memory) return;
    samples++;
    maxRssMb = Math.max(maxRssMb, memory.rssMb);
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      tick();
      return { maxRssMb, peakMb: procMemory(pid)?.peakMb ?? Number.NaN, samples };
    },
  };
}
