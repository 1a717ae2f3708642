import type { Handler } from 'hono'
import type * as v from 'valibot'
import type { Json } from '../openapi/document.js'
import type { AppContext, AppEnv } from './context.js'

/** What a route answers on success, as its OpenAPI operation documents it. */
export interface RouteAnswer {
  /** The HTTP status, e.g. 200 or 202. */
  status: number
  /** One line on what the answer is. */
  description: string
  /** The component schema of a JSON body, e.g. `Job`. */
  json?: string
  /** Any other content, as OpenAPI's `content` (media type to `{ schema }`). */
  content?: Json
  /** Headers of the answer, as OpenAPI's `headers`. */
  headers?: Json
}

/**
 * One route of the gateway, declared once: registration (`createApp`), the 405 and `Allow` logic
 * and the OpenAPI document all read the same entry.
 */
export interface RouteSpec {
  method: 'get' | 'post'
  /** Hono's path syntax, e.g. `/v1/jobs/:id`; OpenAPI gets `/v1/jobs/{id}`. */
  path: string
  /** The OpenAPI summary. */
  summary: string
  /** Callers need no API key. Default false: `Authorization: Bearer <key>` is required. */
  public?: boolean
  /**
   * Callers send the metrics key (`DARKROOM_METRICS_KEY`) instead of an API key; the handler
   * checks it (`AppContext.metricsVerifier`). Default false.
   */
  metricsKey?: boolean
  /**
   * The OpenAPI `operationId`: camelCase, unique among the routes (a test checks both), named as
   * the client names the call where it has one, e.g. `listJobs` for `jobs.list`. Code generators
   * name their methods after it.
   */
  operationId: string
  /**
   * The schema of its query parameters (one optional string member per parameter): the handler
   * checks the query against it and the document lists each member as a parameter. Default none.
   */
  query?: v.StrictObjectSchema<v.ObjectEntries, v.ErrorMessage<v.StrictObjectIssue> | undefined>
  /** OpenAPI parameter objects (path parameters, headers). Default none. */
  parameters?: Json[]
  /** The component schema of its JSON body; the body limit applies. Default: no body. */
  body?: string
  /**
   * A raw (non-JSON) request body, as OpenAPI's `content`: the image size cap
   * (`DARKROOM_IMAGE_MAX_BYTES`) is its limit, not the JSON body limit. Default: no raw body.
   */
  rawBody?: Json
  /** What it answers on success. */
  answer: RouteAnswer
  /** Other success answers it may give (a replayed submit's 200). Default none. */
  alsoAnswers?: readonly RouteAnswer[]
  /** The statuses of the problems it may answer, for the document. */
  problems: readonly number[]
  /**
   * What some of those problems mean here, by status (their codes), for the document. Default:
   * the generic description.
   */
  problemNotes?: Readonly<Record<number, string>>
  /** Builds the handler from what the routes share. It throws; `app.onError` renders. */
  handler: (ctx: AppContext) => Handler<AppEnv>
}

/** `/v1/jobs/:id` as OpenAPI writes it: `/v1/jobs/{id}`. */
export function openApiPath(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}')
}

/**
 * The methods each path answers, for a 405 with `Allow` when a path is known but the method is
 * not: an empty list means no route has that path.
 */
export function allowedMethods(routes: readonly RouteSpec[]): (path: string) => string[] {
  const patterns = routes.map((route) => {
    const literal = route.path
      .split(/:\w+/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    return { method: route.method.toUpperCase(), pattern: new RegExp(`^${literal.join('[^/]+')}$`) }
  })
  return (path) => [...new Set(patterns.filter((p) => p.pattern.test(path)).map((p) => p.method))]
}
