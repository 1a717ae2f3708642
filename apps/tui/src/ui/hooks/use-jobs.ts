import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react'
import type { JobsController, JobView } from '../jobs-controller.js'
import { filterJobs } from '../views/list-view.js'

/**
 * Every job of the controller, newest first, and those that match `filter`. Re-renders every
 * `tickMs` (0: never) so that ages move on while nothing else changes.
 */
export function useJobs(
  controller: JobsController,
  filter: string,
  tickMs: number,
): { jobs: JobView[]; shown: JobView[] } {
  const subscribe = useCallback(
    (listener: () => void) => controller.subscribe(listener),
    [controller],
  )
  const jobs = useSyncExternalStore(subscribe, () => controller.snapshot())
  const [, setTick] = useState(0)
  useEffect(() => {
    if (!tickMs) return
    const timer = setInterval(() => setTick((t) => t + 1), tickMs)
    return () => clearInterval(timer)
  }, [tickMs])
  const shown = useMemo(() => filterJobs(jobs, filter), [jobs, filter])
  return { jobs, shown }
}
