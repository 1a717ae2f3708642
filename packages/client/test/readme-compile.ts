// Type-checks TypeScript as a strict user project would, in-process with the compiler API: the
// given sources are virtual files inside this package, so `@darkroom/client` resolves to the
// package itself (by its own name) and `@darkroom/core` through node_modules, both by the
// `@darkroom/source` condition (no build needed).
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

/** This package's folder. */
export const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url))

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  customConditions: ['@darkroom/source'],
  lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
  types: [],
  skipLibCheck: true,
}

/** The `ts` code blocks of a Markdown text, in order. */
export function tsBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? '')
}

/** Each source's errors, formatted, by its index; one program for all of them. */
export function typeErrors(sources: readonly string[]): string[][] {
  const files = new Map(sources.map((text, i) => [join(PACKAGE_DIR, `readme-block-${i}.ts`), text]))
  const host = ts.createCompilerHost(OPTIONS)
  const readSourceFile = host.getSourceFile.bind(host)
  host.getSourceFile = (name, language, ...rest) => {
    const text = files.get(name)
    return text === undefined
      ? readSourceFile(name, language, ...rest)
      : ts.createSourceFile(name, text, language)
  }
  host.fileExists = (name) => files.has(name) || ts.sys.fileExists(name)
  host.readFile = (name) => files.get(name) ?? ts.sys.readFile(name)
  const program = ts.createProgram([...files.keys()], OPTIONS, host)
  return [...files.keys()].map((name) =>
    ts.getPreEmitDiagnostics(program, program.getSourceFile(name)).map((d) => {
      const line =
        d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0
      return `line ${line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`
    }),
  )
}
