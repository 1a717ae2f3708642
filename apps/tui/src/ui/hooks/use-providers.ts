import { type Dispatch, useEffect } from 'react'
import type { Connection } from '../../connect.js'
import type { DashboardEvent } from '../views/dashboard-state.js'

/** Lists the connection's providers into the dashboard's state; a failure goes on the message line. */
export function useProviders(connection: Connection, dispatch: Dispatch<DashboardEvent>): void {
  useEffect(() => {
    connection.client.providers.list().then(
      (providers) => dispatch({ type: 'providers', providers }),
      (error: Error) =>
        dispatch({ type: 'message', message: `Could not list providers: ${error.message}` }),
    )
  }, [connection, dispatch])
}
