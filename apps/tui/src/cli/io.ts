/** Where a command writes: injectable so commands can be tested without a terminal. */
export interface Io {
  out(text: string): void
  err(text: string): void
  /** Raw bytes on standard output (`image --out -`); resolves once they are handed over. */
  bytes(data: Uint8Array): Promise<void>
}

/** The process's own streams. */
export const processIo: Io = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  bytes: (data) =>
    new Promise((resolve, reject) =>
      process.stdout.write(data, (error) => (error ? reject(error) : resolve())),
    ),
}
