import { DarkroomApiError } from '@darkroom/client'
import { DarkroomError, InvalidHandleError, InvalidInputError } from '@darkroom/core'
import { UsageError } from '../connect.js'
import { EXIT } from './exit-codes.js'

/** The exit code and the message for anything a command throws. */
export function explain(error: unknown): { code: number; message: string } {
  if (UsageError.isInstance(error)) return { code: EXIT.badInput, message: error.message }
  if (InvalidInputError.isInstance(error)) {
    const fields = error.issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')
    return { code: EXIT.badInput, message: `${error.message}${fields ? `\n${fields}` : ''}` }
  }
  if (InvalidHandleError.isInstance(error)) return { code: EXIT.badInput, message: error.message }
  if (DarkroomError.isInstance(error)) {
    const status = DarkroomApiError.isInstance(error) ? error.status : undefined
    const bad =
      error.code === 'invalid_input' ||
      error.code === 'not_found' ||
      status === 400 ||
      status === 404
    return { code: bad ? EXIT.badInput : EXIT.error, message: error.message }
  }
  return { code: EXIT.error, message: error instanceof Error ? error.message : String(error) }
}
