import os from 'node:os'

/** What the numbers were measured on: absolute times only mean something next to this. */
export interface MachineInfo {
  cpu: string
  cores: number
  memoryGiB: number
  os: string
  node: string
}

/** Describes this machine. */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus()
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
  }
}

/** One line for the top of a printed report. */
export function describeMachine(m: MachineInfo = machineInfo()): string {
  return `${m.cpu} × ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}`
}
