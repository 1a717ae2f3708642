/**
 * Reads a submit body the way Aidge does: the flat form of the official samples, the
 * `requestParams` array of the current documentation, or that array as a JSON string (as
 * sibling APIs send it); values may be strings (`"768"`, `"true"`) or JSON numbers and booleans.
 */
import { AIDGE_MODELS } from '@darkroom/core/providers/aidge'
import { stripMarkers } from '../simulator/markers.js'
import { checkBase64Image, checkImageUrl } from './aidge-image-check.js'

/** The documented model types (a fact about the provider, shared with the adapter). */
export const MODELS = AIDGE_MODELS

/** A validated submission. */
export interface VirtualModelParams {
  /** Base64 image when given (it wins over the URL), else null. */
  imageBase64: string | null
  imageUrl: string | null
  model: string
  gender: 'MALE' | 'FEMALE' | null
  age: string | null
  bgStyle: string | null
  /** Output width; the height is 4/3 of it. Default 768. */
  dimension: number
  /** Images to produce. Default 1. */
  count: number
  maskKeepBg: boolean
}

/** Either the params, or the message of a resCode 700 naming every bad field. */
export type ParamsResult =
  | { ok: true; params: Record<string, unknown> }
  | { ok: false; message: string }

/** Picks the parameters out of whichever of the three body forms was sent. */
export function readParams(body: unknown): ParamsResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, message: 'request body must be a JSON object' }
  }
  const record = body as Record<string, unknown>
  if (!('requestParams' in record)) return { ok: true, params: record }
  let wrapped = record.requestParams
  if (typeof wrapped === 'string') {
    try {
      wrapped = JSON.parse(wrapped) as unknown
    } catch {
      return { ok: false, message: 'requestParams is not valid JSON' }
    }
  }
  if (Array.isArray(wrapped)) {
    if (wrapped.length !== 1) {
      return { ok: false, message: 'requestParams must hold exactly one item per task' }
    }
    wrapped = wrapped[0]
  }
  if (typeof wrapped !== 'object' || wrapped === null || Array.isArray(wrapped)) {
    return { ok: false, message: 'requestParams must be an object or a list of one object' }
  }
  return { ok: true, params: wrapped as Record<string, unknown> }
}

/**
 * Removes test markers from every string value, so `WHITE[[fail:1000]]` validates as `WHITE`
 * and a marker can ride on any field without making the submission invalid.
 */
export function stripParamMarkers(params: Record<string, unknown>): Record<string, unknown> {
  const clean: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(params)) {
    clean[key] = typeof value === 'string' ? stripMarkers(value) : value
  }
  return clean
}

/** A scalar as the text Aidge would see; '' and null count as absent. */
function text(value: unknown): string | null | undefined {
  if (value === undefined || value === null || value === '') return null
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return undefined // an object or array: wrong type
}

function integer(
  issues: string[],
  name: string,
  value: unknown,
  range: [number, number],
  fallback: number,
): number {
  const raw = text(value)
  if (raw === null) return fallback
  const n = raw !== undefined && /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN
  if (!(n >= range[0] && n <= range[1])) {
    issues.push(`${name} must be an integer from ${range[0]} to ${range[1]}`)
  }
  return n
}

function oneOf<T extends string>(
  issues: string[],
  name: string,
  value: unknown,
  allowed: readonly T[],
): T | null {
  const raw = text(value)
  if (raw === null) return null
  if (raw === undefined || !allowed.includes(raw as T)) {
    issues.push(`${name} must be one of ${allowed.join(', ')}`)
    return null
  }
  return raw as T
}

/** Validates cleaned params; unknown fields are ignored, as the service ignores them. */
export function validateParams(
  params: Record<string, unknown>,
): { ok: true; params: VirtualModelParams } | { ok: false; message: string } {
  const issues: string[] = []
  const base64 = text(params.imageBase64)
  const url = text(params.imageUrl)
  if (base64 === undefined) issues.push('imageBase64 must be a string')
  if (url === undefined) issues.push('imageUrl must be a string')
  if (base64) {
    const problem = checkBase64Image(base64)
    if (problem) issues.push(problem)
  } else if (url) {
    const problem = checkImageUrl(url)
    if (problem) issues.push(problem)
  } else if (base64 === null && url === null) {
    issues.push('imageUrl or imageBase64 is required')
  }
  const style = text(params.imageStyle)
  if (style !== null && style !== 'realPhoto') issues.push('imageStyle must be realPhoto')
  const model = oneOf(issues, 'model', params.model, MODELS)
  if (model === null && text(params.model) === null) issues.push('model is required')
  const gender = oneOf(issues, 'gender', params.gender, ['MALE', 'FEMALE'] as const)
  const age = text(params.age)
  if (age !== null && !/^[A-Z][A-Z_]{0,31}$/.test(age ?? '')) {
    issues.push('age must be an upper-case age group such as YOUTH')
  }
  const bgStyle = text(params.bgStyle)
  if (bgStyle === undefined || (bgStyle && bgStyle.length > 200)) {
    issues.push('bgStyle must be a string of at most 200 characters')
  }
  const dimension = integer(issues, 'dimension', params.dimension, [512, 1536], 768)
  const count = integer(issues, 'count', params.count, [1, 4], 1)
  const keep = text(params.maskKeepBg)
  if (keep !== null && keep !== 'true' && keep !== 'false') {
    issues.push('maskKeepBg must be true or false')
  }
  if (issues.length > 0) return { ok: false, message: `invalid input: ${issues.join('; ')}` }
  return {
    ok: true,
    params: {
      imageBase64: base64 ?? null,
      imageUrl: base64 ? null : (url ?? null),
      model: model as string,
      gender,
      age: age ?? null,
      bgStyle: bgStyle ?? null,
      dimension,
      count,
      maskKeepBg: keep === 'true',
    },
  }
}
