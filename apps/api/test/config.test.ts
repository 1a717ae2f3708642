import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../src/config.js'

const secret = 'x'.repeat(40)
const live = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: 'id',
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'ali-secret-value',
  DARKROOM_API_KEYS: 'web:abcdefghijklmnop',
  DARKROOM_TOKEN_SECRET: secret,
}

describe('loadConfig', () => {
  it('is demo mode with no credentials and no keys: API key "demo", a generated token secret', () => {
    const config = loadConfig({}, () => 'generated-secret-of-enough-length-0123456789')
    expect(config.demo).toBe(true)
    expect(config.apiKeys).toEqual([{ name: 'demo', secret: 'demo' }])
    expect(config.tokenSecret).toBe('generated-secret-of-enough-length-0123456789')
  })

  it('is demo mode when DARKROOM_DEMO=1 even with credentials', () => {
    expect(loadConfig({ ...live, DARKROOM_DEMO: '1' }).demo).toBe(true)
  })

  it('offers only the providers that have credentials, with their base URLs', () => {
    const config = loadConfig({ ...live, AICONTENT_BASE_URL: 'http://127.0.0.1:4010' })
    expect(config.demo).toBe(false)
    expect(config.providers).toEqual([
      {
        id: 'aicontent',
        options: {
          accessKeyId: 'id',
          accessKeySecret: 'ali-secret-value',
          baseUrl: 'http://127.0.0.1:4010',
        },
      },
    ])
    expect(config.secrets).toContain('ali-secret-value')
  })

  it.each([
    [
      { ...live, ALIBABA_CLOUD_ACCESS_KEY_SECRET: '' },
      /ALIBABA_CLOUD_ACCESS_KEY_SECRET is not set but ALIBABA_CLOUD_ACCESS_KEY_ID is/,
    ],
    [{ ...live, SPEEDPIX_APP_SECRET: 's' }, /SPEEDPIX_APP_KEY is not set/],
    [{ ...live, AIDGE_BASE_URL: 'ftp://x' }, /AIDGE_BASE_URL must be an absolute http\(s\) URL/],
    [{ ...live, DARKROOM_API_KEYS: 'nocolon' }, /DARKROOM_API_KEYS entry 1 is not "name:secret"/],
    [{ ...live, DARKROOM_API_KEYS: 'a:1234567890123456,a:abcdefghijklmnopq' }, /names "a" twice/],
    [
      { ...live, DARKROOM_TOKEN_SECRET: 'short' },
      /DARKROOM_TOKEN_SECRET must be at least 32 characters/,
    ],
    [{ ...live, DARKROOM_TOKEN_SECRET: '' }, /DARKROOM_TOKEN_SECRET is not set/],
    [{ ...live, DARKROOM_CORS_ORIGINS: 'not a url' }, /DARKROOM_CORS_ORIGINS has "not a url"/],
    [{ ...live, DARKROOM_DEMO: 'maybe' }, /DARKROOM_DEMO must be 1\/true\/yes or 0\/false\/no/],
    [
      { ...live, DARKROOM_BODY_LIMIT_BYTES: '12kb' },
      /DARKROOM_BODY_LIMIT_BYTES must be a whole number/,
    ],
    [
      { DARKROOM_API_KEYS: 'web:abcdefghijklmnop', DARKROOM_TOKEN_SECRET: secret },
      /No provider is configured/,
    ],
  ])('refuses a bad value with a message naming the variable (%#)', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError)
    expect(() => loadConfig(env)).toThrow(message)
  })

  it('refuses a production start without API keys or a token secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /Refusing a production start without DARKROOM_API_KEYS and DARKROOM_TOKEN_SECRET/,
    )
    expect(() =>
      loadConfig({ ...live, DARKROOM_ENV: 'production', DARKROOM_TOKEN_SECRET: '' }),
    ).toThrow(/without DARKROOM_TOKEN_SECRET/)
    expect(() =>
      loadConfig({ ...live, NODE_ENV: 'production', DARKROOM_API_KEYS: 'web:short' }),
    ).toThrow(/shorter than 16 characters/)
    expect(loadConfig({ ...live, NODE_ENV: 'production' }).production).toBe(true)
  })

  it.each([
    [
      'two keys with the same secret',
      { ...live, DARKROOM_API_KEYS: 'web:abcdefghijklmnop,batch:abcdefghijklmnop' },
      /DARKROOM_API_KEYS gives "web" and "batch" the same secret/,
    ],
    [
      "a key with the demo key's secret in demo mode",
      { DARKROOM_DEMO: '1', DARKROOM_API_KEYS: 'web:demo' },
      /DARKROOM_API_KEYS gives "web" the secret of the demo key/,
    ],
    [
      'a secret with whitespace inside',
      { ...live, DARKROOM_API_KEYS: 'web:abcdefgh ijklmnop' },
      /DARKROOM_API_KEYS entry 1 \("web"\) has whitespace in its secret/,
    ],
    [
      'a secret with whitespace after the colon',
      { ...live, DARKROOM_API_KEYS: 'web: abcdefghijklmnop' },
      /DARKROOM_API_KEYS entry 1 \("web"\) has whitespace in its secret/,
    ],
    [
      'live mode without API keys',
      { ...live, DARKROOM_API_KEYS: '' },
      /DARKROOM_API_KEYS is empty but providers are configured \(aicontent\)/,
    ],
    [
      'live mode with only blank API keys',
      { ...live, DARKROOM_API_KEYS: ' , ' },
      /DARKROOM_API_KEYS entry 1 is not "name:secret"/,
    ],
  ])('refuses a configuration that would start but cannot work: %s', (_name, env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError)
    expect(() => loadConfig(env)).toThrow(message)
    try {
      loadConfig(env)
    } catch (error) {
      // The message names the variable and the keys, never a secret.
      expect(String(error)).not.toContain('abcdefgh')
      expect(ConfigError.isInstance(error)).toBe(true)
    }
  })

  it('never puts a secret in a configuration error', () => {
    try {
      loadConfig({ ...live, DARKROOM_API_KEYS: 'web:abcdefghijklmnop,bad entry with secret-zzz' })
    } catch (error) {
      expect(String(error)).not.toContain('abcdefghijklmnop')
      expect(String(error)).not.toContain('secret-zzz')
    }
  })

  it('reads CORS origins', () => {
    expect(loadConfig({ ...live, DARKROOM_CORS_ORIGINS: '*' }).corsOrigins).toBe('*')
    expect(
      loadConfig({ ...live, DARKROOM_CORS_ORIGINS: 'https://a.example, http://localhost:3000' })
        .corsOrigins,
    ).toEqual(['https://a.example', 'http://localhost:3000'])
  })
})
