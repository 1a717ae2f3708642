// Test support only: the loose type of the answers the emulator tests take apart.

/**
 * A provider's answer, read field by field in tests, where a schema per assertion would only add
 * noise.
 */
// biome-ignore lint/suspicious/noExplicitAny: test-only view of arbitrary JSON answers
export type WireJson = Record<string, any>
