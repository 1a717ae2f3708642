import { type Dispatch, useEffect, useLayoutEffect, useRef } from 'react'
import type { DashboardEvent, Effect } from '../views/dashboard-state.js'

/** How the app performs each kind of effect a key can ask for. */
export type Performers = { [K in Effect['kind']]: (effect: Extract<Effect, { kind: K }>) => void }

/** Performs the effect a key asked for, once: it is cleared first, so a re-render cannot repeat it. */
export function useCommands(
  effect: Effect | null,
  dispatch: Dispatch<DashboardEvent>,
  performers: Performers,
): void {
  const latest = useRef(performers)
  useLayoutEffect(() => {
    latest.current = performers
  })
  useEffect(() => {
    if (!effect) return
    dispatch({ type: 'performed' })
    const perform = latest.current[effect.kind] as (effect: Effect) => void
    perform(effect)
  }, [effect, dispatch])
}
