/**
 * The sections after the command list in `rollcall --help`, in the order of a man page: what a
 * newcomer does first, the exit codes scripts rely on, the environment, where to read more.
 */
export const MAIN_HELP_AFTER = `
Getting started:
  rollcall demo                                   a throwaway hub with emulated apps and 200 people
  rollcall workspace create acme --json           a workspace (tenant)
  rollcall directory create --workspace acme      an inbound SCIM directory for Okta or Entra ID
  rollcall app connect --workspace acme --config-file app.json --json
  rollcall sync --workspace acme                  people from the sources, accounts from the apps
  rollcall plan --workspace acme --json           what would change (a dry run, stored for approval)
  rollcall apply <planId> --wait --json           carry it out through durable jobs
  rollcall offboard bob@acme.com --workspace acme --apply --wait
  rollcall plan approve <planId> --all --reason "why"   decide held steps (audited with your name)

Output:
  With --json a command prints exactly one JSON object on stdout and nothing else. Progress bars
  (sync, reconcile, apply) go to stderr, only when it is a terminal and never with --json.

Exit codes:
  0  done
  1  the command ran but did not fully succeed (an error, a held sync, a failed or blocked apply)
  2  usage error: an unknown command or option, a missing argument or option, a value that
     names nothing (an unknown workspace, app, person, member or --kind)

Environment:
  ROLLCALL_DATA_DIR     data directory (default ./data; SQLite lives there)
  DATABASE_URL          postgres://… to use PostgreSQL instead of SQLite
  ROLLCALL_SECRET_KEY   key that seals connector credentials and webhook secrets at rest
  PORT                  port of \`rollcall serve\` (default 8080)
  ROLLCALL_PUBLIC_URL   the URL the hub prints in links (default http://127.0.0.1:$PORT)

See also:
  rollcall <command> --help, README.md, docs/setup.md, docs/config.md, docs/errors.md
`
