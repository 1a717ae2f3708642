/**
 * How the AI Content service and its API gateway answer on the wire: the routes, the service's
 * envelope and the gateway's error body, each with the HTTP status the documentation gives.
 */
import type { Context } from 'hono'
import type { Rng } from '../simulator/rng.js'

/** `x-acs-version` every call must carry. */
export const API_VERSION = '20240611'

/** Every path of the service starts here. */
export const PATH_PREFIX = '/api/v1/personalizedtxt2img'

/** One documented call: the gateway resolves it by method and path, then checks the action. */
export interface Route {
  method: 'GET' | 'POST'
  action: string
}

/** The nine calls of docs/providers.md#aicontent-calls, by path below {@link PATH_PREFIX}. */
export const ROUTES: Readonly<Record<string, Route>> = {
  '/addInferenceJob': { method: 'POST', action: 'Personalizedtxt2imgAddInferenceJob' },
  '/queryInferenceJobInfo': { method: 'GET', action: 'Personalizedtxt2imgQueryInferenceJobInfo' },
  '/addPreModelInferenceJob': { method: 'POST', action: 'PersonalizedTextToImageAddInferenceJob' },
  '/queryPreModelInferenceJobInfo': {
    method: 'GET',
    action: 'PersonalizedTextToImageQueryPreModelInferenceJobInfo',
  },
  '/addModelTrainJob': { method: 'POST', action: 'Personalizedtxt2imgAddModelTrainJob' },
  '/queryModelTrainStatus': { method: 'GET', action: 'Personalizedtxt2imgQueryModelTrainStatus' },
  '/queryImageAsset': { method: 'GET', action: 'Personalizedtxt2imgQueryImageAsset' },
  '/queryImageAssetFromImageId': {
    method: 'GET',
    action: 'PersonalizedTextToImageQueryImageAsset',
  },
  '/queryModelTrainJobList': { method: 'GET', action: 'Personalizedtxt2imgQueryModelTrainJobList' },
}

/** The service's error codes, with the HTTP status and message its documentation lists. */
export const ERR_CODES = {
  B_PARAMETER_NOT_FOUND_EXCEPTION: { status: 400, message: '必要参数没有找到' },
  B_PERMISSION_DENIED_EXCEPTION: { status: 403, message: '鉴权失败或权限不足' },
  B_DATA_NOT_FOUND_EXCEPTION: { status: 404, message: '资源没有找到' },
  B_MODEL_TRAIN_JOB_NOT_EXIST: { status: 404, message: '模型训练任务不存在' },
  UNKNOWN_ERROR: {
    status: 500,
    message: 'The request processing has failed due to some unknown error.',
  },
} as const

/** An error code of the service. */
export type ErrCode = keyof typeof ERR_CODES

/** True for a code of {@link ERR_CODES}. */
export function isErrCode(value: string): value is ErrCode {
  return Object.hasOwn(ERR_CODES, value)
}

/**
 * The gateway's codes, with Alibaba's HTTP statuses and messages (the POP gateway answers 400 for
 * signature and timestamp problems, 404 for an unknown AccessKey or API).
 */
export const GATEWAY_CODES = {
  IncompleteSignature: {
    status: 400,
    message: 'The request signature does not conform to Aliyun standards.',
  },
  SignatureDoesNotMatch: {
    status: 400,
    message: 'Specified signature is not matched with our calculation.',
  },
  'InvalidAccessKeyId.NotFound': { status: 404, message: 'Specified access key is not found.' },
  'InvalidTimeStamp.Expired': {
    status: 400,
    message: 'Specified time stamp or date value is expired.',
  },
  'InvalidTimeStamp.Format': {
    status: 400,
    message: 'Specified time stamp or date value is not well formatted.',
  },
  SignatureNonceUsed: { status: 400, message: 'Specified signature nonce was used already.' },
  'InvalidAction.NotFound': {
    status: 404,
    message: 'Specified api is not found, please check your url and method.',
  },
  InvalidVersion: { status: 400, message: 'Specified parameter Version is not valid.' },
  'Throttling.User': { status: 429, message: 'Request was denied due to user flow control.' },
} as const

/** An error code of the gateway. */
export type GatewayCode = keyof typeof GATEWAY_CODES

/** Alibaba-style request ids (an uppercase UUID), drawn from the emulator's seeded stream. */
export function requestIdFrom(rng: Rng): string {
  let hex = ''
  for (let i = 0; i < 32; i++) hex += rng.int(0, 15).toString(16)
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
  return id.toUpperCase()
}

/** `createTime` as the service prints it: Beijing time (UTC+8), no zone. */
export function createTime(epochMs: number): string {
  return new Date(epochMs + 8 * 3_600_000).toISOString().slice(0, 19)
}

/**
 * A success envelope. Like the documentation's own success example it carries
 * `errCode: "UNKNOWN_ERROR"`, or, when `plain`, `errCode: null` as other answers do: clients must
 * decide by `success` alone.
 */
export function okEnvelope(c: Context, requestId: string, data: unknown, plain = false): Response {
  return c.json({
    requestId,
    success: true,
    errCode: plain ? null : 'UNKNOWN_ERROR',
    errMessage: plain ? null : '未知错误',
    httpStatusCode: 200,
    data,
  })
}

/** A refusal by the service, with the documented HTTP status of its code. */
export function errEnvelope(
  c: Context,
  requestId: string,
  errCode: ErrCode,
  detail?: string,
): Response {
  const { status, message } = ERR_CODES[errCode]
  return c.json(
    {
      requestId,
      success: false,
      errCode,
      errMessage: detail ? `${message}: ${detail}` : message,
      httpStatusCode: status,
      data: null,
    },
    status,
  )
}

/**
 * A refusal with a code the documentation does not list (a `[[status-error:<code>]]` marker),
 * HTTP 400 like the documented parameter refusal: a client that mapped unknown codes by the
 * HTTP status would take it for the caller's mistake.
 */
export function undocumentedEnvelope(c: Context, requestId: string, errCode: string): Response {
  return c.json(
    {
      requestId,
      success: false,
      errCode,
      errMessage: `the service answered ${errCode}`,
      httpStatusCode: 400,
      data: null,
    },
    400,
  )
}

/** A refusal by the API gateway, in its own shape. */
export function gatewayError(
  c: Context,
  requestId: string,
  code: GatewayCode,
  detail?: string,
): Response {
  const { status, message } = GATEWAY_CODES[code]
  return c.json(
    {
      RequestId: requestId,
      HostId: c.req.header('host') ?? new URL(c.req.url).host,
      Code: code,
      Message: detail ? `${message} ${detail}` : message,
      Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(code)}&product=AiContent&requestId=${requestId}`,
    },
    status,
  )
}
