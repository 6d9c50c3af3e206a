#!/usr/bin/env node
// The `rollcall` command. Runs the TypeScript sources through tsx, so a checkout needs no build
// step: `npm ci && npx rollcall …` works at once.
import { register } from 'tsx/esm/api'

register()
await import('../src/main.ts')
