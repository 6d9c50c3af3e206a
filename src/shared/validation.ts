import type { z } from 'zod'

/** Every problem of a failed zod parse, as `path: message` lines. */
export function describeZodIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
}

/** Parses `value` or throws the error `onError` builds from every problem found. */
export function parseOrThrow<T>(
  schema: z.ZodType<T>,
  value: unknown,
  onError: (problems: string[]) => Error,
): T {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  throw onError(describeZodIssues(parsed.error))
}
