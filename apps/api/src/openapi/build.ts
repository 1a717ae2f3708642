import { HealthSchema, ProblemSchema, ProvidersAnswerSchema } from '@darkroom/client/wire'
import {
  JobSchema,
  operationInputJsonSchema,
  PROVIDERS,
  type ProviderAdapter,
} from '@darkroom/core'
import { toJsonSchema } from '@valibot/to-json-schema'
import { inputSchemaName, type Json, type OpenApiDocument, type OpenApiSource } from './document.js'

const json = (schema: Json) => ({ 'application/json': { schema } })
const problems = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((code) => [
      code,
      {
        description: 'A problem (RFC 9457)',
        content: {
          'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
        },
      },
    ]),
  )
const jobId = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string' },
  description: 'The job id returned by POST /v1/jobs.',
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
    },
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API key secret from DARKROOM_API_KEYS.',
        },
      },
      schemas: {
        Job: schemaOf(JobSchema),
        Problem: schemaOf(ProblemSchema),
        Providers: schemaOf(ProvidersAnswerSchema),
        Health: schemaOf(HealthSchema),
        CreateJob: { oneOf: variants },
        ...inputs,
      },
    },
    security: [{ bearer: [] }],
    paths: {
      '/healthz': {
        get: {
          summary: 'Health',
          security: [],
          responses: {
            200: { description: 'Healthy', content: json({ $ref: '#/components/schemas/Health' }) },
          },
        },
      },
      '/v1/providers': {
        get: {
          summary: 'Providers and operations, with input JSON Schemas',
          responses: {
            200: {
              description: 'Offered providers',
              content: json({ $ref: '#/components/schemas/Providers' }),
            },
            ...problems(401),
          },
        },
      },
      '/v1/jobs': {
        post: {
          summary: 'Submit a job',
          requestBody: {
            required: true,
            content: json({ $ref: '#/components/schemas/CreateJob' }),
          },
          responses: {
            202: {
              description: 'Accepted; Location names the job',
              headers: { Location: { schema: { type: 'string' } } },
              content: json({ $ref: '#/components/schemas/Job' }),
            },
            ...problems(400, 401, 413, 429, 502, 504),
          },
        },
      },
      '/v1/jobs/{id}': {
        get: {
          summary: 'A fresh snapshot of a job',
          parameters: [jobId],
          responses: {
            200: { description: 'The job', content: json({ $ref: '#/components/schemas/Job' }) },
            ...problems(401, 404, 429, 502),
          },
        },
      },
      '/v1/jobs/{id}/events': {
        get: {
          summary: 'Server-sent events: one `job` event per change until the job ends',
          parameters: [
            jobId,
            { name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string' } },
          ],
          responses: {
            200: {
              description: 'An event stream whose `job` events carry a Job',
              content: { 'text/event-stream': { schema: { type: 'string' } } },
            },
            ...problems(401, 404),
          },
        },
      },
      '/v1/jobs/{id}/images/{index}': {
        get: {
          summary: 'The bytes of one image of a succeeded job',
          parameters: [
            jobId,
            { name: 'index', in: 'path', required: true, schema: { type: 'integer', minimum: 0 } },
          ],
          responses: {
            200: {
              description: 'Image bytes',
              content: { 'image/*': { schema: { type: 'string', format: 'binary' } } },
            },
            ...problems(400, 401, 404, 502),
          },
        },
      },
      '/openapi.json': {
        get: {
          summary: 'This document',
          security: [],
          responses: { 200: { description: 'OpenAPI 3.1' } },
        },
      },
    },
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
