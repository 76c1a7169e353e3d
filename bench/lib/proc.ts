// What the send benchmark reads from /proc (Linux): a process's peak memory and CPU, its threads'
// CPU, PostgreSQL's CPU and the machine's. Readings are taken while the process runs, so a thread
// or a process that has ended keeps its last reading.
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks are 10 ms (USER_HZ 100, as on every Linux this runs on). */
const TICK_MS = 10;

export interface ProcessReadings {
  /** VmHWM: the peak resident memory of the process, all threads included. */
  peakKb: number;
  /** VmRSS when `startedWhen` first held (0 if it never did). */
  startKb: number;
  /** CPU of the process, all threads (ended ones too). */
  cpuMs: number;
  /** CPU per thread: the main thread, then the others busiest first. */
  threads: { mainMs: number; othersMs: number[] };
}

/**
 * Watches a child process until it exits: every 100 ms its peak memory, its CPU and its threads'
 * CPU. `startedWhen` says when the process is set up (its start RSS is read then).
 */
export async function watchProcess(child: ChildProcess, startedWhen: () => boolean): Promise<{ code: number | null; readings: ProcessReadings }> {
  const pid = child.pid!;
  const threadTicks = new Map<number, number>();
  let peakKb = 0;
  let startKb = 0;
  let cpuTicks = 0;
  const read = () => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      peakKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? peakKb);
      if (!startKb && startedWhen()) startKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      cpuTicks = cpuTicksOf(pid)?.own ?? cpuTicks;
      for (const tid of readdirSync(`/proc/${pid}/task`).map(Number)) threadTicks.set(tid, cpuTicksOf(pid, undefined, tid)?.own ?? threadTicks.get(tid) ?? 0);
    } catch {
      // the process has just exited
    }
  };
  const timer = setInterval(read, 100);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(timer);
  const others = [...threadTicks].filter(([tid]) => tid !== pid).map(([, ticks]) => ticks * TICK_MS).filter((ms) => ms > 0);
  return {
    code,
    readings: { peakKb, startKb, cpuMs: cpuTicks * TICK_MS, threads: { mainMs: (threadTicks.get(pid) ?? 0) * TICK_MS, othersMs: others.sort((a, b) => b - a) } },
  };
}

/** CPU used so far by PostgreSQL on this machine (the benchmark's database is local), ended backends included. */
export function databaseCpuMs(): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    const cpu = cpuTicksOf(Number(pid), 'postgres');
    // Its own time, and that of its children that have exited (the connections of a phase).
    if (cpu) ticks += cpu.own + cpu.endedChildren;
  }
  return ticks * TICK_MS;
}

export interface MachineTicks {
  busy: number;
  idle: number;
  /** Time the hypervisor gave this machine's CPUs to someone else. */
  stolen: number;
}

/** The machine's CPU time so far, from the first line of /proc/stat. */
export function machineTicks(): MachineTicks {
  const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return { busy: user! + nice! + system! + irq! + softirq!, idle: idle! + iowait!, stolen: steal! };
}

/** Shares of the machine's CPU time since `before`, in per cent. */
export function machineShares(before: MachineTicks): MachineTicks {
  const now = machineTicks();
  const delta = { busy: now.busy - before.busy, idle: now.idle - before.idle, stolen: now.stolen - before.stolen };
  const all = Math.max(1, delta.busy + delta.idle + delta.stolen);
  return { busy: (100 * delta.busy) / all, idle: (100 * delta.idle) / all, stolen: (100 * delta.stolen) / all };
}

/**
 * CPU in clock ticks from /proc/<pid>[/task/<tid>]/stat (utime, stime, cutime, cstime: fields 14
 * to 17), or undefined if it is gone or, given `command`, runs something else.
 */
function cpuTicksOf(pid: number, command?: string, tid?: number): { own: number; endedChildren: number } | undefined {
  let stat: string;
  try {
    stat = readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const close = stat.lastIndexOf(')');
  if (command !== undefined && stat.slice(stat.indexOf('(') + 1, close) !== command) return undefined;
  const fields = stat.slice(close + 2).split(' ');
  return { own: Number(fields[11]) + Number(fields[12]), endedChildren: Number(fields[13]) + Number(fields[14]) };
}
