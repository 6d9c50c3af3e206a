/**
 * What the hub answers at /console when the console was never built: a plain page that says
 * what to run, instead of a crash or a bare 404. No script, no external asset.
 */
export function missingBuildPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Rollcall console not built</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem; color: #1a1a1a; }
code { background: #eef0f3; padding: 0.1rem 0.3rem; border-radius: 3px; }
</style>
</head>
<body>
<main>
<h1>The console has not been built yet</h1>
<p>The Rollcall server is running, but the web console's files are missing from <code>dist/web</code>.</p>
<p>Build them in the checkout, then reload this page:</p>
<pre><code>npm run build</code></pre>
<p><code>npm start</code> builds the console on its own when it is missing or out of date.
The management API, SCIM, OAuth and SAML endpoints work without it.</p>
</main>
</body>
</html>
`
}
