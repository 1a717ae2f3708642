import type { RouteSpec } from '../http/route.js'
import { deliveriesRoute, redeliverRoute } from './deliveries.js'
import { eventsRoute } from './events.js'
import { healthRoute } from './health.js'
import { imageRoute, signedImageRoute } from './images.js'
import { listJobsRoute } from './job-list.js'
import { createJobRoute, jobRoute } from './jobs.js'
import { metricsRoute } from './metrics.js'
import { openApiRoute } from './openapi.js'
import { providersRoute } from './providers.js'
import { createUploadRoute, uploadRoute } from './uploads.js'

/** Every route of the gateway, in the order the OpenAPI document lists them. */
export const ROUTES: readonly RouteSpec[] = [
  healthRoute,
  providersRoute,
  createJobRoute,
  listJobsRoute,
  jobRoute,
  eventsRoute,
  deliveriesRoute,
  redeliverRoute,
  imageRoute,
  signedImageRoute,
  createUploadRoute,
  uploadRoute,
  openApiRoute,
  metricsRoute,
]
