import * as v from 'valibot'
import type { OpenApiDocument, OpenApiSource } from './document.js'

/** The part of Cloudflare's static-assets binding (`env.ASSETS`) this gateway uses. */
export interface AssetsBinding {
  fetch(request: Request): Promise<Response>
}

/** The path of the build-time document among the Worker's assets (see `scripts/write-openapi.ts`). */
export const OPENAPI_ASSET_PATH = '/openapi.json'

const DocumentSchema = v.looseObject({
  openapi: v.literal('3.1.0'),
  components: v.looseObject({
    schemas: v.record(v.string(), v.record(v.string(), v.unknown())),
  }),
})

const HOW_TO_FIX =
  'build the Worker with `pnpm --filter @darkroom/api build` (it writes dist-assets/openapi.json) and deploy with the `assets` section of wrangler.jsonc'

/**
 * Reads the OpenAPI document generated at build time from the Worker's static assets (the app
 * keeps it once read). A missing binding, a missing file or a document of the wrong shape is an
 * error that says how to deploy it.
 */
export function assetOpenApi(assets: AssetsBinding | undefined): OpenApiSource {
  return async (): Promise<OpenApiDocument> => {
    if (!assets || typeof assets.fetch !== 'function') {
      throw new Error(`This Worker has no ASSETS binding with the OpenAPI document: ${HOW_TO_FIX}.`)
    }
    const response = await assets.fetch(new Request(`https://assets.invalid${OPENAPI_ASSET_PATH}`))
    if (!response.ok) {
      throw new Error(
        `The Worker's assets have no ${OPENAPI_ASSET_PATH} (HTTP ${response.status}): ${HOW_TO_FIX}.`,
      )
    }
    const parsed = v.safeParse(DocumentSchema, await response.json().catch(() => null))
    if (!parsed.success) {
      throw new Error(
        `The Worker's ${OPENAPI_ASSET_PATH} asset is not a Darkroom OpenAPI 3.1 document: ${HOW_TO_FIX}.`,
      )
    }
    return parsed.output as OpenApiDocument
  }
}
