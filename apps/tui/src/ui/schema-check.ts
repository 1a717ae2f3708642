import { type InputIssue, isProviderId, providerDefinition } from '@darkroom/core'
import { toInputIssues } from '@darkroom/core/provider-kit'
import * as v from 'valibot'

/** Input issues sorted for a form: those of its fields by field, the rest as one message. */
export interface FormIssues {
  /** By field name (the first part of the issue's path: `imageUrls.0` is `imageUrls`'s). */
  fields: Record<string, string>
  /** Issues about no field of the form (`(input)`, `(operation)`, a field it cannot edit). */
  message: string | null
}

/** Sorts `issues` into fields (those `isField` accepts) and a message for everything else. */
export function formIssues(
  issues: readonly InputIssue[],
  isField: (name: string) => boolean,
): FormIssues {
  const fields: Record<string, string> = {}
  const rest: string[] = []
  for (const issue of issues) {
    const name = issue.path.split('.')[0] ?? issue.path
    if (isField(name)) fields[name] ??= issue.message
    else rest.push(`${issue.path}: ${issue.message}`)
  }
  return { fields, message: rest.length > 0 ? rest.join('; ') : null }
}

/**
 * Every issue the operation's own schema (core's, the one a submit is checked against) finds in
 * `input`, all at once: what the form's per-field checks cannot see from the JSON Schema alone
 * (a multiple of 8, one of two fields) comes with them, not after a refused submit. Empty for a
 * provider or operation this build of core does not know (a newer gateway): the submit's own
 * answer then says.
 */
export function schemaIssues(
  provider: string,
  operation: string,
  input: Record<string, unknown>,
): InputIssue[] {
  if (!isProviderId(provider)) return []
  const operations = providerDefinition(provider).operations as Record<
    string,
    { input: v.GenericSchema } | undefined
  >
  const spec = operations[operation]
  if (!spec) return []
  const result = v.safeParse(spec.input, input)
  return result.success ? [] : toInputIssues(result.issues)
}
