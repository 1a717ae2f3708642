import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { AwsV4Signer } from 'aws4fetch'

/** One object of the fake bucket. */
interface FakeObject {
  body: Buffer
  contentType: string
  meta: Record<string, string>
}

/** The credentials the fake bucket accepts. */
export const FAKE_S3 = {
  bucket: 'kept-images',
  region: 'auto',
  accessKeyId: 'AKIDFAKE0000',
  secretAccessKey: 'fake-secret-Xq93kd0s',
} as const

const xmlEscape = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;')

/**
 * An S3 bucket on 127.0.0.1:0 (node:http): PUT/GET/HEAD/DELETE object and ListObjectsV2 with
 * continuation tokens. Every request must carry a SigV4 Authorization for `FAKE_S3`'s key and
 * scope, and its signature is recomputed with aws4fetch's signer; anything else is a 403.
 * `denyAll` answers 403 AccessDenied to everything.
 */
export async function startFakeS3() {
  const objects = new Map<string, FakeObject>()
  const seen: string[] = []
  const state = { denyAll: false }
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks)
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`)
    seen.push(`${req.method} ${url.pathname}${url.search}`)
    const fail = (status: number, code: string) => {
      res.writeHead(status, { 'content-type': 'application/xml' })
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>no</Message></Error>`,
      )
    }
    if (state.denyAll || !(await signatureOk(req, url))) return fail(403, 'AccessDenied')
    const [, bucket, ...rest] = url.pathname.split('/')
    if (bucket !== FAKE_S3.bucket) return fail(404, 'NoSuchBucket')
    const key = rest.map(decodeURIComponent).join('/')
    if (!key && req.method === 'GET' && url.searchParams.get('list-type') === '2') {
      const prefix = url.searchParams.get('prefix') ?? ''
      const max = Number(url.searchParams.get('max-keys') ?? 1000)
      const after = url.searchParams.get('continuation-token')
      const keys = [...objects.keys()].filter((k) => k.startsWith(prefix)).sort()
      const start = after ? keys.indexOf(Buffer.from(after, 'base64').toString()) + 1 : 0
      const page = keys.slice(start, start + max)
      const truncated = start + max < keys.length
      const token = truncated ? Buffer.from(page.at(-1) as string).toString('base64') : ''
      res.writeHead(200, { 'content-type': 'application/xml' })
      return res.end(
        `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${bucket}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${page.map((k) => `<Contents><Key>${xmlEscape(k)}</Key><Size>1</Size><StorageClass>STANDARD</StorageClass></Contents>`).join('')}${truncated ? `<NextContinuationToken>${token}</NextContinuationToken>` : ''}</ListBucketResult>`,
      )
    }
    const object = objects.get(key)
    if (req.method === 'PUT') {
      const meta: Record<string, string> = {}
      for (const [name, value] of Object.entries(req.headers))
        if (name.startsWith('x-amz-meta-')) meta[name] = String(value)
      objects.set(key, { body, contentType: String(req.headers['content-type']), meta })
      res.writeHead(200, { etag: '"e"' })
      return res.end()
    }
    if (req.method === 'DELETE') {
      objects.delete(key)
      res.writeHead(204)
      return res.end()
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      if (!object) return fail(404, 'NoSuchKey')
      res.writeHead(200, { 'content-type': object.contentType, ...object.meta })
      return res.end(req.method === 'GET' ? object.body : undefined)
    }
    fail(405, 'MethodNotAllowed')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    endpoint,
    objects,
    seen,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** Whether the request's SigV4 Authorization is FAKE_S3's, with the right scope and signature. */
async function signatureOk(req: IncomingMessage, url: URL): Promise<boolean> {
  const auth = req.headers.authorization ?? ''
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=[0-9a-f]{64}$/.exec(
      auth,
    )
  const datetime = String(req.headers['x-amz-date'] ?? '')
  if (!match || match[1] !== FAKE_S3.accessKeyId || match[3] !== FAKE_S3.region) return false
  if (!datetime.startsWith(match[2] as string)) return false
  const headers = new Headers()
  for (const name of (match[4] as string).split(';'))
    if (name !== 'host') headers.set(name, String(req.headers[name] ?? ''))
  const signer = new AwsV4Signer({
    method: req.method,
    url: url.toString(),
    headers,
    accessKeyId: FAKE_S3.accessKeyId,
    secretAccessKey: FAKE_S3.secretAccessKey,
    region: FAKE_S3.region,
    service: 's3',
    datetime,
  })
  const expected = (await signer.sign()).headers.get('authorization')
  return expected === auth
}
