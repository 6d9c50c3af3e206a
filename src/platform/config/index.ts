/** Configuration: one zod schema, loaded once in main and passed down as frozen slices. */
export { ConfigError, type LoadOptions, loadConfig, type ResolvedConfig } from './load.js'
export { type Config, configSchema, ENV_KEYS } from './schema.js'
export { resolveSecretKey, type SecretKeySource } from './secret-key.js'
