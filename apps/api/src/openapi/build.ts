import {
  HealthSchema,
  JobListAnswerSchema,
  ProblemSchema,
  ProvidersAnswerSchema,
  UploadAnswerSchema,
  WebhookDeliveriesAnswerSchema,
  WebhookDeliveryAnswerSchema,
  WebhookRequestSchema,
} from '@darkroom/client/wire'
import {
  JobSchema,
  operationInputJsonSchema,
  PROVIDERS,
  type ProviderAdapter,
} from '@darkroom/core'
import { toJsonSchema } from '@valibot/to-json-schema'
import { openApiPath, type RouteSpec } from '../http/route.js'
import { ROUTES } from '../routes/index.js'
import { inputSchemaName, type Json, type OpenApiDocument, type OpenApiSource } from './document.js'

const json = (schema: Json) => ({ 'application/json': { schema } })
const problems = (codes: readonly number[], notes: Readonly<Record<number, string>> = {}) =>
  Object.fromEntries(
    codes.map((code) => [
      code,
      {
        description: notes[code] ?? 'A problem (RFC 9457)',
        content: {
          'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
        },
      },
    ]),
  )
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })

/** One route's OpenAPI operation, from its declaration. */
function operationOf(route: RouteSpec): Json {
  return {
    summary: route.summary,
    operationId: route.operationId,
    ...(route.public && { security: [] }),
    ...(route.metricsKey && { security: [{ metricsKey: [] }] }),
    ...((route.parameters || route.query) && {
      parameters: [...(route.parameters ?? []), ...queryParameters(route)],
    }),
    ...(route.body && { requestBody: { required: true, content: json(ref(route.body)) } }),
    ...(route.rawBody && { requestBody: { required: true, content: route.rawBody } }),
    responses: {
      ...Object.fromEntries([route.answer, ...(route.alsoAnswers ?? [])].map(responseOf)),
      ...problems(route.problems, route.problemNotes),
    },
  }
}

/** One success answer as an OpenAPI response, keyed by its status. */
function responseOf(answer: RouteSpec['answer']): [number, Json] {
  const { status, description, json: schema, content, headers } = answer
  return [
    status,
    {
      description,
      ...(headers && { headers }),
      ...(schema ? { content: json(ref(schema)) } : content && { content }),
    },
  ]
}

/** A route's query schema as OpenAPI parameters: one per member, optional ones not required. */
function queryParameters(route: RouteSpec): Json[] {
  return Object.entries(route.query?.entries ?? {}).map(([name, schema]) => {
    const optional = schema.type === 'optional' && 'wrapped' in schema
    const inner = (optional ? schema.wrapped : schema) as Parameters<typeof schemaOf>[0]
    return { name, in: 'query', required: !optional, schema: schemaOf(inner) }
  })
}

/** The document's `paths`: every route, by path and method. */
function pathsOf(routes: readonly RouteSpec[]): Json {
  const paths: Record<string, Json> = {}
  for (const route of routes) {
    const path = openApiPath(route.path)
    paths[path] = { ...paths[path], [route.method]: operationOf(route) }
  }
  return paths
}

/** Converts a valibot schema, dropping the `$schema` key OpenAPI components do not want. */
function schemaOf(schema: Parameters<typeof toJsonSchema>[0]): Json {
  const { $schema: _drop, ...rest } = toJsonSchema(schema, {
    errorMode: 'ignore',
    target: 'draft-2020-12',
  }) as Json
  return rest
}

/**
 * The OpenAPI 3.1 document, generated from the same valibot schemas that validate requests and
 * answers (and from each offered operation's input schema), so documentation cannot drift.
 */
export function buildOpenApi(
  adapters: readonly Pick<ProviderAdapter, 'id' | 'operations'>[],
  version: string,
): OpenApiDocument {
  const inputs: Json = {}
  const variants: Json[] = []
  for (const adapter of adapters) {
    for (const spec of Object.values(adapter.operations)) {
      const name = inputSchemaName(adapter.id, spec.name)
      const { $schema: _drop, ...schema } = operationInputJsonSchema(spec)
      // Exactly the operation's input schema (what `/v1/providers` and the direct transport
      // give); the operation's description goes on its CreateJob variant.
      inputs[name] = schema
      variants.push({
        description: `${adapter.id} ${spec.name}: ${spec.description}`,
        type: 'object',
        required: ['provider', 'operation', 'input'],
        additionalProperties: false,
        properties: {
          provider: { const: adapter.id },
          operation: { const: spec.name },
          input: { $ref: `#/components/schemas/${name}` },
          webhook: ref('WebhookRequest'),
        },
      })
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Darkroom gateway',
      version,
      description: 'One way to run asynchronous image-generation jobs across providers.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    // Relative: the paths are under whichever origin serves this document (each gateway serves
    // its own, and one build-time copy serves every Worker deployment).
    servers: [{ url: '/', description: 'The gateway serving this document' }],
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API key secret from DARKROOM_API_KEYS.',
        },
        metricsKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'The metrics key, DARKROOM_METRICS_KEY (demo mode: "demo").',
        },
      },
      schemas: {
        Job: schemaOf(JobSchema),
        JobList: schemaOf(JobListAnswerSchema),
        Problem: schemaOf(ProblemSchema),
        Providers: schemaOf(ProvidersAnswerSchema),
        Health: schemaOf(HealthSchema),
        Upload: schemaOf(UploadAnswerSchema),
        WebhookRequest: schemaOf(WebhookRequestSchema),
        WebhookDelivery: schemaOf(WebhookDeliveryAnswerSchema),
        WebhookDeliveries: schemaOf(WebhookDeliveriesAnswerSchema),
        CreateJob: { oneOf: variants },
        ...inputs,
      },
    },
    security: [{ bearer: [] }],
    paths: pathsOf(ROUTES),
  }
}

/**
 * The document generated in process from the adapters' schemas (Node, Bun, Deno and tests; the
 * production Worker reads the build-time copy from its assets instead). The app keeps it once built.
 */
export function generatedOpenApi(
  adapters: Partial<Record<string, ProviderAdapter>>,
  version = '0.0.0',
): OpenApiSource {
  return async () =>
    buildOpenApi(
      Object.values(adapters).filter((a) => a !== undefined),
      version,
    )
}

/**
 * The document for every provider in the catalogue, as the production Worker's static asset holds
 * it (written by `scripts/write-openapi.ts`): from the static operation specs, no adapter needed.
 */
export function everyProviderOpenApi(): OpenApiDocument {
  return buildOpenApi(PROVIDERS, '0.0.0')
}
