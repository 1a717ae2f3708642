import { type Key, useInput } from 'ink'
import { type Dispatch, useCallback, useLayoutEffect, useRef } from 'react'
import { InputDecoder } from '../keys/input-decoder.js'
import type { DashboardEvent, KeyContext } from '../views/dashboard-state.js'

/**
 * The dashboard's one input listener: every key goes to the reducer with the latest context,
 * each key of a burst on its own and a paste as one piece (see {@link InputDecoder}).
 * It is never replaced. Ink subscribes a listener after the frame that mounts it, so with one
 * listener per view a key typed right after a view appeared (`n`, then ↑ at once) reached no
 * view and was lost.
 */
export function useKeys(dispatch: Dispatch<DashboardEvent>, context: KeyContext): void {
  const latest = useRef(context)
  const decoder = useRef(new InputDecoder())
  useLayoutEffect(() => {
    latest.current = context
  })
  const onKey = useCallback(
    (input: string, key: Key) => {
      for (const press of decoder.current.decode(input, key))
        dispatch({ type: 'press', press, context: latest.current })
    },
    [dispatch],
  )
  useInput(onKey)
}
